"""The MCP server: three tools over one backend, served over streamable HTTP at ``/mcp``.

Tools: ``get_transcript(url_or_id, format)``, ``get_insights(url_or_id)``,
``search_transcript(id, query)``. At ``/mcp`` they run in-process through the same
:class:`TranscriptDesk` as ``/transcripts`` (same key check, rate limit and credits), with the key
taken from each HTTP request's ``x-api-key`` / ``Authorization: Bearer`` header. ``podgist mcp``
(stdio) reuses :func:`build_mcp_server` with a backend that calls the HTTP API.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from litestar import asgi
from litestar.datastructures import State
from litestar.handlers.asgi_handlers import ASGIRouteHandler
from litestar.types import Receive, Scope, Send
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.server.transport_security import TransportSecuritySettings

from api.auth import PaidCall
from podgist.accounts.delivery import Delivery
from podgist.accounts.gate import Gate
from podgist.errors import PodgistError
from podgist.formats import parse_format, render
from podgist.models import Lookup, to_json
from podgist.search import search, terms

TOOL_WAIT = 25.0  # agents would rather block on one call than poll; stays under the 30 s cap
INSTRUCTIONS = (
    "Podcast transcripts and their gist. Pass an episode URL, our episode id (ep_…), an Apple episode "
    "id or a YouTube video id. The first read of an episode costs one credit; repeats are free."
)


class TranscriptTools(Protocol):
    """What the tools need; implemented in-process (HTTP mount) and over HTTP (stdio)."""

    async def get_transcript(self, url_or_id: str, fmt: str) -> str: ...
    async def get_insights(self, url_or_id: str) -> str: ...
    async def search_transcript(self, ref: str, query: str) -> str: ...


BackendFor = Callable[[Context], Awaitable[TranscriptTools]]


def tool_error(code: str, message: str) -> ToolError:
    """A tool failure that tells the agent the stable code and what to do."""
    return ToolError(f"{code}: {message}")


def pending_error(lookup: Lookup) -> ToolError:
    """Not ready yet: no charge, call again."""
    return tool_error(
        "lookup_pending",
        f"The episode is still being prepared ({lookup.status}, {lookup.progress:.0%}); call again shortly.",
    )


def build_mcp_server(backend_for: BackendFor) -> MCPServer:
    """The MCP server with our three tools, each resolving its backend per call."""
    server: MCPServer = MCPServer("podgist", instructions=INSTRUCTIONS, version="0.1.0")

    async def run(ctx: Context, call: Callable[[TranscriptTools], Awaitable[str]]) -> str:
        try:
            return await call(await backend_for(ctx))
        except PodgistError as exc:
            raise tool_error(exc.code, exc.message) from exc

    @server.tool(description="The episode's transcript. format: markdown (default), json, srt, vtt or txt.")
    async def get_transcript(url_or_id: str, ctx: Context, format: str = "markdown") -> str:
        return await run(ctx, lambda tools: tools.get_transcript(url_or_id, format))

    @server.tool(
        description="The episode's insights (summary, takeaways, quotes, questions, chapters) as JSON."
    )
    async def get_insights(url_or_id: str, ctx: Context) -> str:
        return await run(ctx, lambda tools: tools.get_insights(url_or_id))

    @server.tool(
        description="Segments of the episode matching a phrase, with times and **highlighted** snippets."
    )
    async def search_transcript(id: str, query: str, ctx: Context) -> str:
        return await run(ctx, lambda tools: tools.search_transcript(id, query))

    return server


class DeskTools:
    """The tools in-process, for one admitted caller."""

    def __init__(self, paid: PaidCall) -> None:
        self.paid = paid

    async def _deliver(self, ref: str, kind: str) -> Delivery:
        result = await self.paid.deliver(ref, kind=kind, wait=TOOL_WAIT)
        if isinstance(result, Lookup):
            raise pending_error(result)
        return result

    async def get_transcript(self, url_or_id: str, fmt: str) -> str:
        chosen = parse_format(fmt or "markdown")
        return render((await self._deliver(url_or_id, "transcript")).episode, chosen).decode()

    async def get_insights(self, url_or_id: str) -> str:
        return to_json((await self._deliver(url_or_id, "insights")).episode.insights).decode()

    async def search_transcript(self, ref: str, query: str) -> str:
        terms(query)
        return to_json(search((await self._deliver(ref, "search")).episode, query)).decode()


def mcp_endpoint(state: State) -> tuple[MCPServer, ASGIRouteHandler]:
    """The server and the Litestar handler mounting it at ``/mcp`` (run its session manager in the
    app's lifespan). Stateless, JSON responses: any API replica can answer any call."""

    async def backend_for(ctx: Context) -> TranscriptTools:
        gate: Gate = state["gate"]
        return DeskTools(PaidCall(state["desk"], await gate.admit_headers(ctx.headers or {})))

    server = build_mcp_server(backend_for)
    app = server.streamable_http_app(
        streamable_http_path="/",
        stateless_http=True,
        json_response=True,
        # The key in a header, not a cookie, authorizes every call, so DNS rebinding gains nothing;
        # Host checks would only break deployments behind a proxy.
        transport_security=TransportSecuritySettings(enable_dns_rebinding_protection=False),
    )

    @asgi("/mcp", is_mount=True, copy_scope=True, tags=["agents"])
    async def mcp(scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)  # type: ignore[arg-type]

    return server, mcp
