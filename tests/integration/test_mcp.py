"""The MCP tools over stdio (``podgist mcp`` as a subprocess) and over streamable HTTP at ``/mcp``,
spoken to with the ``mcp`` client library, charging the same credits as the HTTP API; plus the
other agent-facing parts: ``/llms.txt`` and the OpenAPI security schemes."""

from __future__ import annotations

import subprocess
import sys

import httpx
import httpx2
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client

from tests.episodes import LONG_VTT, FixtureEpisode, publish
from tests.flow import module_stack, new_key
from tests.podcastweb import PodcastWeb
from tests.stack import REPO, Stack

TOOLS = {"get_transcript", "get_insights", "search_transcript"}


stack = module_stack()


@pytest.fixture
def episode(web: PodcastWeb, slug: str) -> FixtureEpisode:
    return publish(web, slug, transcript=LONG_VTT, title="Koji and friends")


def text_of(result: object) -> str:
    content = result.content  # type: ignore[attr-defined]
    assert len(content) == 1
    return str(content[0].text)


async def account(stack: Stack, key: str) -> dict[str, object]:
    async with httpx.AsyncClient(base_url=stack.base) as http:
        return dict((await http.get("/v1/account", headers={"x-api-key": key})).json())


async def exercise(client: Client, stack: Stack, key: str, ep: FixtureEpisode) -> None:
    """The same checks for both transports: tools listed, all three answer, errors are typed."""
    listed = await client.list_tools()
    assert {t.name for t in listed.tools} == TOOLS
    schema = next(t for t in listed.tools if t.name == "get_transcript").input_schema
    assert set(schema["properties"]) == {"url_or_id", "format"} and schema["required"] == ["url_or_id"]

    markdown = await client.call_tool("get_transcript", {"url_or_id": ep.page_url})
    assert not markdown.is_error, text_of(markdown)
    async with httpx.AsyncClient(base_url=stack.base) as http:
        same = await http.get("/transcripts", params={"url": ep.page_url}, headers={"x-api-key": key})
    assert same.headers["x-credits-charged"] == "0"  # the tool call paid for it
    assert text_of(markdown) == same.text
    assert text_of(markdown).split("\n")[:5] == [
        "# Koji and friends",
        f"The {ep.slug} show · 2026-11-03",
        "Speakers: Alice Host, Bob Guest",
        "",
        "**Alice Host** (0:00)",
    ]

    vtt = await client.call_tool("get_transcript", {"url_or_id": ep.page_url, "format": "vtt"})
    assert text_of(vtt).startswith("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Alice Host>")

    insights = await client.call_tool("get_insights", {"url_or_id": ep.page_url})
    assert not insights.is_error and '"summary"' in text_of(insights)

    episode_id = await _episode_id(stack, key, ep)
    found = await client.call_tool("search_transcript", {"id": episode_id, "query": "koji"})
    assert not found.is_error
    assert '"snippet":"**Koji** turns rice into sweetness."' in text_of(found)

    missing = await client.call_tool("get_transcript", {"url_or_id": "ep_0000000000000000"})
    assert missing.is_error and "not_found: No episode with id" in text_of(missing)
    bad = await client.call_tool("get_transcript", {"url_or_id": ep.page_url, "format": "docx"})
    assert bad.is_error and "docx" in text_of(bad)

    state = await account(stack, key)
    assert state["balance"] == 1 and state["episodesPaid"] == 1  # one episode, one credit, every tool


async def _episode_id(stack: Stack, key: str, ep: FixtureEpisode) -> str:
    async with httpx.AsyncClient(base_url=stack.base) as http:
        doc = await http.get(
            "/transcripts", params={"url": ep.page_url, "format": "json"}, headers={"x-api-key": key}
        )
    return str(doc.json()["episodeId"])


async def test_stdio_server(stack: Stack, redis_url: str, episode: FixtureEpisode) -> None:
    key = await new_key(redis_url, 2)
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "podgist_cli.main", "mcp", "--api", stack.base],
        env={**stack.env, "PODGIST_API_KEY": key},
        cwd=str(REPO),
    )
    async with Client(server) as client:
        await exercise(client, stack, key, episode)


def test_stdio_server_needs_a_key(stack: Stack) -> None:
    env = {k: v for k, v in stack.env.items() if k != "PODGIST_API_KEY"}
    done = subprocess.run(
        [sys.executable, "-m", "podgist_cli.main", "mcp"],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "PODGIST_API_KEY" in done.stderr


async def test_streamable_http_at_mcp(stack: Stack, redis_url: str, episode: FixtureEpisode) -> None:
    key = await new_key(redis_url, 2)
    async with (
        httpx2.AsyncClient(headers={"x-api-key": key}, timeout=60) as http,
        Client(streamable_http_client(f"{stack.base}/mcp", http_client=http)) as client,
    ):
        await exercise(client, stack, key, episode)


async def test_streamable_http_without_a_key_is_refused(stack: Stack, episode: FixtureEpisode) -> None:
    async with (
        httpx2.AsyncClient(timeout=60) as http,
        Client(streamable_http_client(f"{stack.base}/mcp", http_client=http)) as client,
    ):
        assert {t.name for t in (await client.list_tools()).tools} == TOOLS  # discovery needs no key
        refused = await client.call_tool("get_transcript", {"url_or_id": episode.page_url})
        assert refused.is_error and "unauthorized: A valid API key is required" in text_of(refused)


def test_llms_txt_and_openapi(client: httpx.Client) -> None:
    llms = client.get("/llms.txt")
    assert llms.status_code == 200 and llms.headers["content-type"].startswith("text/plain")
    assert llms.text.startswith("# Podgist\n") and "x-api-key" in llms.text and "/mcp" in llms.text
    schema = client.get("/schema/openapi.json").json()
    assert schema["components"]["securitySchemes"]["apiKey"] == {
        "type": "apiKey",
        "name": "x-api-key",
        "in": "header",
        "description": "Your key (pg_live_…), or the demo key for the demo episodes.",
    }
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    transcript = schema["paths"]["/transcripts/{ref}"]["get"]
    assert transcript["security"] == [{"apiKey": []}, {"bearer": []}]
    assert set(transcript["responses"]) >= {"200", "202", "401", "402", "403", "404", "422", "429", "503"}
    assert {
        "/transcripts",
        "/transcripts/{ref}/insights",
        "/transcripts/{ref}/search",
        "/v1/account",
        "/llms.txt",
    } <= set(schema["paths"])
    assert set(schema["paths"]["/v1/lookups"]["post"]["responses"]) >= {"429"}
