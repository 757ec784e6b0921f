"""``podgist mcp``: the MCP server over stdio for local agents, backed by a running Podgist API.

It talks to the HTTP API with the caller's key (``--key`` or ``PODGIST_API_KEY``), so credits are
checked and charged in one place, the API, exactly as for any other client.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import quote

import httpx
from mcp.server.mcpserver import Context

from api.mcp import TOOL_WAIT, TranscriptTools, build_mcp_server, tool_error
from podgist.settings import Settings


class ApiTools:
    """The three tools as calls to ``/transcripts`` on the API."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def _get(self, ref: str, suffix: str = "", **params: str | float) -> str:
        ref = ref.strip()
        if ref.lower().startswith(("http://", "https://")):
            path, params = f"/transcripts{suffix}", {**params, "url": ref}
        else:
            path = f"/transcripts/{quote(ref, safe='')}{suffix}"
        response = await self.client.get(path, params={**params, "wait": TOOL_WAIT})
        if response.status_code == 202:
            body = response.json()
            raise tool_error(
                "lookup_pending",
                f"The episode is still being prepared ({body.get('status')}); call again shortly.",
            )
        if response.status_code >= 400:
            try:
                error = response.json()
            except ValueError:
                error = {"code": "http_error", "message": response.text[:200]}
            raise tool_error(str(error.get("code")), str(error.get("message")))
        return response.text

    async def get_transcript(self, url_or_id: str, fmt: str) -> str:
        return await self._get(url_or_id, format=fmt or "markdown")

    async def get_insights(self, url_or_id: str) -> str:
        return await self._get(url_or_id, "/insights")

    async def search_transcript(self, ref: str, query: str) -> str:
        return await self._get(ref, "/search", q=query)


def run_mcp(settings: Settings, *, key: str | None, api: str | None) -> int:
    """Serve MCP on stdin/stdout until the client closes it."""
    api_key = key or os.environ.get("PODGIST_API_KEY")
    if not api_key:
        sys.stderr.write("error: an API key is required: --key or PODGIST_API_KEY\n")
        return 2
    base = api or settings.public_url or f"http://{settings.host}:{settings.port}"
    client = httpx.AsyncClient(base_url=base, headers={"x-api-key": api_key}, timeout=TOOL_WAIT + 15)
    tools = ApiTools(client)

    async def backend_for(_: Context) -> TranscriptTools:
        return tools

    build_mcp_server(backend_for).run("stdio")
    return 0
