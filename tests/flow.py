"""Helpers the end-to-end tests share: following lookups, API keys and credits, isolated stacks."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
import redis
from arq.constants import in_progress_key_prefix, job_key_prefix
from redis.asyncio import Redis

from podgist import keys
from podgist.accounts.keys import KeyStore
from podgist.lookups import new_lookup
from podgist.models import Lookup
from tests.episodes import FixtureEpisode
from tests.podcastweb import PodcastWeb
from tests.stack import Stack

LOOKUP_RULES: dict[str, Any] = {
    "retry_after": 30.0,
    "stale_after": 120.0,
    "done_after": 30.0,
    "tag": "extractive/1",
    "queue": keys.QueueKeys(job=job_key_prefix, in_progress=in_progress_key_prefix),
}
"""``Store.create_lookup``'s rules as the API passes them with the default settings."""


def queued_lookup(lookup_id: str, *, url: str = "https://x.test/e", at: float | None = None) -> Lookup:
    """A new lookup as the API makes it before ``Store.create_lookup`` (``at``: its time, default now)."""
    return new_lookup(lookup_id, url, time.time() if at is None else at)


def wait_done(client: httpx.Client, lookup_id: str, timeout: float = 30) -> dict[str, Any]:
    """Follow a lookup with ?wait= until it is done or failed; returns the final state."""
    return wait_for_status(client, lookup_id, "done", "failed", timeout=timeout)


def wait_for_status(
    client: httpx.Client, lookup_id: str, *statuses: str, timeout: float = 30
) -> dict[str, Any]:
    """Follow a lookup with ?wait= until its status is one of ``statuses``; returns that state."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/v1/lookups/{lookup_id}", params={"wait": 5}).json()
        if state["status"] in statuses:
            return state
    raise AssertionError(f"lookup {lookup_id} did not reach {statuses}")


def episodes_mentioning(r: redis.Redis, text: str) -> list[bytes]:
    """Keys of cached episodes whose JSON contains ``text``."""
    return [k for k in r.scan_iter(keys.PREFIX + "episode:*") if text.encode() in (r.hget(k, "json") or b"")]


async def new_key(redis_url: str, credits: int, name: str = "test") -> str:
    """A fresh API key (plaintext) with ``credits``, made by our own KeyStore."""
    client = Redis.from_url(redis_url)
    try:
        return (await KeyStore(client).create(credits, name=name))[0]
    finally:
        await client.aclose()


def make_key(redis_url: str, credits: int, name: str = "test") -> str:
    """``new_key`` for synchronous tests."""
    return asyncio.run(new_key(redis_url, credits, name))


def balance(client: httpx.Client, key: str) -> int:
    return int(client.get("/v1/account", headers={"x-api-key": key}).json()["balance"])


def isolated_stack(redis_url: str, web: PodcastWeb, **overrides: str) -> Stack:
    """A stack with its own queue (so no other stack's worker takes its jobs) and no rate limits."""
    unlimited = {f"PODGIST_{kind}_RATE_PER_MINUTE": "0" for kind in ("KEY", "DEMO", "PUBLIC")}
    queue = {"PODGIST_QUEUE_NAME": f"podgist:queue:{uuid.uuid4().hex[:8]}"}
    return Stack(redis_url, web.base, **{**unlimited, **queue, **overrides})


def module_stack(**overrides: str) -> Callable[..., Iterator[Stack]]:
    """A module-scoped ``stack`` fixture running :func:`isolated_stack` (``stack = module_stack()``)."""

    @pytest.fixture(scope="module")
    def stack(redis_url: str, web: PodcastWeb) -> Iterator[Stack]:
        running = isolated_stack(redis_url, web, **overrides)
        yield running
        running.stop()

    return stack


def read(client: httpx.Client, key: str, ep: FixtureEpisode, **params: str | int) -> httpx.Response:
    return client.get(
        "/transcripts", params={"url": ep.page_url, "wait": 30, **params}, headers={"x-api-key": key}
    )
