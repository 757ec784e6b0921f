"""What the fault tests share: following lookups, reading what the cache holds, misbehaving answers."""

from __future__ import annotations

import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
import redis

from podgist import keys
from podgist.sources.base import feed_episode_id
from podgist.sources.urls import normalize_url
from tests.episodes import FixtureEpisode

Writer = Callable[[BaseHTTPRequestHandler], None]
TERMINAL = ("done", "failed")

# The shared fault stack (conftest.py): short outbound time caps and a 1 MB fetch cap, so misbehaving
# upstreams fail fast, and no rate limits, so load and races measure the system rather than the limiter.
FAULT_SETTINGS = {
    "PODGIST_CONNECT_TIMEOUT": "1",
    "PODGIST_READ_TIMEOUT": "2",
    "PODGIST_TOTAL_TIMEOUT": "4",
    "PODGIST_MAX_FETCH_MB": "1",
    "PODGIST_MAX_REDIRECTS": "3",
    "PODGIST_WORKER_CONCURRENCY": "20",  # every upstream case runs at once; none waits for a slot
    "PODGIST_KEY_RATE_PER_MINUTE": "0",
    "PODGIST_DEMO_RATE_PER_MINUTE": "0",
    "PODGIST_PUBLIC_RATE_PER_MINUTE": "0",
}
TOTAL_TIMEOUT = float(FAULT_SETTINGS["PODGIST_TOTAL_TIMEOUT"])
MAX_FETCH_BYTES = int(float(FAULT_SETTINGS["PODGIST_MAX_FETCH_MB"]) * 1024 * 1024)
ITUNES_PREFIX = "/faults/itunes"  # this stack's own iTunes stand-in, free for the tests to break


def wait_status(client: httpx.Client, lookup_id: str, status: str, timeout: float = 20) -> dict[str, Any]:
    """Poll (fast, no ``?wait=``) until the lookup is in ``status``; a lookup that ends first fails."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state: dict[str, Any] = client.get(f"/v1/lookups/{lookup_id}").json()
        assert state["status"] not in TERMINAL, (status, state)
        if state["status"] == status:
            return state
        time.sleep(0.02)
    raise AssertionError(f"lookup {lookup_id} never reached {status}")


async def follow(http: httpx.AsyncClient, state: dict[str, Any], timeout: float = 30) -> dict[str, Any]:
    """Follow a lookup, as ``POST /v1/lookups`` answered it, with ``?wait=`` until it is done or failed.
    A cached answer (the episode itself) counts as done."""
    if "statusUrl" not in state:
        return {"status": "done", "episodeId": state["id"]}
    deadline = time.monotonic() + timeout
    while state["status"] not in TERMINAL:
        assert time.monotonic() < deadline, f"lookup {state['id']} did not finish in {timeout} s"
        state = (await http.get(f"/v1/lookups/{state['id']}", params={"wait": 5})).json()
    return state


def episode_id_of(ep: FixtureEpisode) -> str:
    """The id the worker gives a fixture episode (its feed item), known before any lookup runs."""
    return feed_episode_id(ep.feed_url, ep.guid)


def url_aliases(*urls: str) -> list[str]:
    """The alias names lookups of these URLs are cached under."""
    return [normalize_url(url) for url in urls]


def cache_traces(r: redis.Redis, episode_id: str, aliases: list[str]) -> list[str]:
    """Every key a finished or half-finished build of ``episode_id`` would leave: the episode, its
    claim, and the given aliases. Empty means nothing was cached."""
    names = [keys.episode(episode_id), keys.episode_lock(episode_id), *map(keys.alias, aliases)]
    return [name for name in names if r.exists(name)]


# --- raw answers a well-behaved server never gives ---------------------------------------------------
def _head(content_type: str, length: int | None) -> bytes:
    # Always "connection: close", as servers do when they will close: the client must not reuse it.
    sized = f"content-length: {length}\r\n" if length is not None else ""
    return f"HTTP/1.1 200 OK\r\ncontent-type: {content_type}\r\n{sized}connection: close\r\n\r\n".encode()


def trickle(
    body: bytes, content_type: str, *, pieces: int, every: float, declared: int | None = None
) -> Writer:
    """Headers at once, then ``body`` in ``pieces`` parts ``every`` seconds apart (a slow server, or with a
    ``declared`` length beyond the body, a slow-loris one that never finishes)."""

    def write(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        req.wfile.write(_head(content_type, declared or len(body)))
        size = max(1, -(-len(body) // pieces))
        for start in range(0, len(body), size):
            req.wfile.write(body[start : start + size])
            time.sleep(every)
        if declared:  # never send the rest: hold the connection open until the client gives up
            for _ in range(int(30 / every)):
                req.wfile.write(b"x")
                time.sleep(every)

    return write


def trickled_headers(every: float, seconds: float = 30) -> Writer:
    """A status line, then one header byte ``every`` seconds: the response never starts."""

    def write(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        req.wfile.write(b"HTTP/1.1 200 OK\r\nx-filler: ")
        for _ in range(int(seconds / every)):
            req.wfile.write(b"a")
            time.sleep(every)

    return write


def undeclared(size: int, content_type: str, chunk: bytes = b"<p>padding</p>\n") -> Writer:
    """``size`` bytes with no length declared (read until the connection closes)."""

    def write(req: BaseHTTPRequestHandler) -> None:
        req.close_connection = True
        req.wfile.write(_head(content_type, None))
        block = chunk * (65536 // len(chunk))
        for _ in range(0, size, len(block)):
            req.wfile.write(block)

    return write
