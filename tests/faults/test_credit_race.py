"""1,000 paid reads at once on a 25-credit key: exactly 25 deliveries, the rest refused with 402, and the
balance never seen below zero, not even for a moment while the race runs.

Every request asks for a different cached episode (a repeat of a paid episode is free, so it would
not race for a credit). The long version races several keys at once over the same episodes.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from contextlib import AsyncExitStack

import httpx
import pytest
from redis.asyncio import Redis

from podgist import keys
from podgist.accounts.keys import KeyStore
from podgist.models import Episode, Segment, Transcript
from podgist.store import Store
from tests.stack import Stack

pytestmark = pytest.mark.faults

RACE = 1000
CREDITS = 25


def episode(episode_id: str, n: int) -> Episode:
    segments = [Segment(id=0, start=0.0, end=4.0, text=f"Race episode {n} begins.", speaker="Host")]
    transcript = Transcript(source="publisher:vtt", segments=segments)
    return Episode(id=episode_id, title=f"Race episode {n}", show="Race show", transcript=transcript)


async def cache_episodes(store: Store, prefix: str, count: int) -> list[str]:
    """Write ``count`` distinct episodes straight into the cache through our Store."""
    ids = [f"ep_{prefix}{n:05d}" for n in range(count)]
    for start in range(0, count, 100):
        chunk = range(start, min(start + 100, count))
        await asyncio.gather(*(store.save_episode(episode(ids[n], n), [], tag="race") for n in chunk))
    return ids


class BalanceWatch:
    """Reads the balances over and over while the race runs, on a connection of its own."""

    def __init__(self, redis: Redis, key_hashes: list[str]) -> None:
        self.redis, self.key_hashes = redis, key_hashes
        self.lowest: int | None = None
        self.reads = 0
        self._stop = asyncio.Event()

    async def run(self) -> None:
        while not self._stop.is_set():
            for key_hash in self.key_hashes:
                value = int(await self.redis.hget(keys.api_key(key_hash), "credits") or 0)  # type: ignore[misc]
                self.lowest = value if self.lowest is None else min(self.lowest, value)
                self.reads += 1
            await asyncio.sleep(0.002)

    def stop(self) -> None:
        self._stop.set()


async def read(http: httpx.AsyncClient, key: str, episode_id: str) -> httpx.Response:
    return await http.get(f"/transcripts/{episode_id}", headers={"x-api-key": key})


@pytest.mark.parametrize(
    "racers", [pytest.param(1, id="quick"), pytest.param(4, id="long", marks=pytest.mark.slow)]
)
async def test_thousand_paid_reads_on_a_small_balance(
    fault_stack: Stack, redis_url: str, racers: int
) -> None:
    redis = Redis.from_url(redis_url)
    watcher = Redis.from_url(redis_url)
    try:
        ids = await cache_episodes(Store(redis, lookup_ttl=3600), f"credit{time.time_ns()}", RACE)
        made = [await KeyStore(redis).create(CREDITS, name=f"racer{n}") for n in range(racers)]
        watch = BalanceWatch(watcher, [info.key_hash for _, info in made])
        watching = asyncio.create_task(watch.run())
        async with AsyncExitStack() as pools:
            # One client per 25 connections: one httpx pool of 1,000 spends more CPU than the API does.
            http = [
                await pools.enter_async_context(httpx.AsyncClient(base_url=fault_stack.base, timeout=60))
                for _ in range(RACE // 25)
            ]
            races = [
                asyncio.gather(*(read(http[n % len(http)], key, i) for n, i in enumerate(ids)))
                for key, _ in made
            ]
            results = await asyncio.gather(*races)
        watch.stop()
        await watching
        assert watch.reads > 0 and watch.lowest is not None and watch.lowest >= 0, watch.lowest
        for (_, info), responses in zip(made, results, strict=True):
            await check_race(redis, info.key_hash, ids, responses)
    finally:
        await redis.aclose()
        await watcher.aclose()


async def check_race(redis: Redis, key_hash: str, ids: list[str], responses: list[httpx.Response]) -> None:
    """Exactly ``CREDITS`` deliveries, each charged once; every other answer a typed 402 at balance 0."""
    assert Counter(r.status_code for r in responses) == {200: CREDITS, 402: RACE - CREDITS}
    delivered = [(i, r) for i, r in zip(ids, responses, strict=True) if r.status_code == 200]
    assert all(r.text.startswith("# Race episode ") for _, r in delivered)
    assert all(r.headers["x-credits-charged"] == "1" for _, r in delivered)
    # each credit was spent exactly once: the balances left after each delivery are 24, 23 … 0
    assert sorted(int(r.headers["x-credits-remaining"]) for _, r in delivered) == list(range(CREDITS))
    for response in responses:
        if response.status_code == 402:
            body = response.json()
            assert body["code"] == "insufficient_credits" and body["detail"]["balance"] == 0, body
    assert await redis.hget(keys.api_key(key_hash), "credits") == b"0"  # type: ignore[misc]
    paid = {m.decode() for m in await redis.smembers(keys.paid(key_hash))}  # type: ignore[misc]
    assert paid == {i for i, _ in delivered}
    usage = await redis.hgetall(keys.usage(key_hash))  # type: ignore[misc]
    assert int(usage[b"charged"]) == CREDITS and int(usage[b"refused"]) == RACE - CREDITS
