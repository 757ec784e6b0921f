"""A cached read (keyless, or a paid transcript) and an account read start no asyncio task: the API app
itself, called in this process over real Redis.

A task per request is the costliest thing a cached read can pick up unnoticed (two of them, from
Litestar resolving sibling dependencies in a task group, took about a sixth of its CPU; redis-py's
per-write ``wait_for`` another few percent). ``bench/cached_lookup.py`` measures the whole cost; this
keeps those two from coming back.
"""

from __future__ import annotations

import asyncio
from typing import Any

import orjson
import pytest
from litestar import Litestar
from redis.asyncio import Redis

from api.app import create_app
from podgist.models import Episode, LookupRequest, Segment, Transcript
from podgist.settings import Settings
from podgist.sources import request_alias
from podgist.store import Store
from tests.flow import new_key
from tests.tasks import tasks_started

PAGE = "https://show.test/episodes/cost"
EPISODE = Episode(
    id="ep_cost",
    title="Cost",
    page_url=PAGE,
    transcript=Transcript(source="publisher:vtt", segments=[Segment(id=0, start=0, end=1, text="Hi.")]),
)


async def call(app: Litestar, method: str, path: str, body: bytes = b"", key: str = "") -> int:
    """One HTTP request through the app's ASGI interface; returns the status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [
            (b"host", b"127.0.0.1"),
            (b"content-type", b"application/json"),
            *([(b"x-api-key", key.encode())] if key else []),
        ],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
        "state": {},
    }
    messages = [{"type": "http.request", "body": body, "more_body": False}]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        if messages:
            return messages.pop()
        await asyncio.Event().wait()  # nothing more to read: wait as a quiet client would
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)  # type: ignore[arg-type]
    return int(sent[0]["status"])


@pytest.fixture
async def settings(redis_url: str) -> Settings:
    redis = Redis.from_url(redis_url)
    await Store(redis, lookup_ttl=3600).save_episode(EPISODE, [request_alias(LookupRequest(url=PAGE))], "t")
    await redis.aclose()
    return Settings(redis_url=redis_url, allow_private_hosts=True, asr_enabled=False)


async def test_cached_reads_start_no_task(settings: Settings) -> None:
    key = await new_key(settings.redis_url, credits=1)
    app = create_app(settings)
    async with app.lifespan():  # entered and left in this task, as the lifespan's task groups require
        body = orjson.dumps({"url": PAGE})
        reads = [
            ("GET", f"/v1/episodes/{EPISODE.id}", b"", ""),
            ("POST", "/v1/lookups", body, ""),
            ("GET", f"/transcripts/{EPISODE.id}", b"", key),  # paid once, then free for this key
            ("GET", "/v1/account", b"", key),
        ]
        for method, path, payload, with_key in reads:  # warm: connections opened, the episode remembered
            assert await call(app, method, path, payload, with_key) == 200
        with tasks_started() as started:
            for _ in range(20):
                for method, path, payload, with_key in reads:
                    assert await call(app, method, path, payload, with_key) == 200
        assert started == [], started[:3]
