"""Cached reads under load: 64 connections at once for a while, and every single answer right.

Half the requests are ``POST /v1/lookups`` of a cached episode (each URL spelled a little differently, as
shared links are), half ``GET /v1/episodes/{id}``; they cycle over several episodes so an answer crossed
between requests would show as a wrong id.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import httpx
import pytest

from tests.episodes import FixtureEpisode, publish
from tests.faults.helpers import follow
from tests.podcastweb import PodcastWeb
from tests.stack import Stack

pytestmark = pytest.mark.faults

CONNECTIONS = 64
EPISODES = 4
MIN_RATE = 20  # answers per second, far below what the API manages: proof that load was applied at all


@dataclass
class Tally:
    """What one connection saw."""

    ok: int = 0
    wrong: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    slowest: float = 0.0


async def cache(http: httpx.AsyncClient, episodes: list[FixtureEpisode]) -> list[tuple[FixtureEpisode, str]]:
    """Look every episode up once and follow it to the cache; returns (episode, id) pairs."""
    cached = []
    for ep in episodes:
        state = await follow(http, (await http.post("/v1/lookups", json={"url": ep.page_url})).json())
        assert state["status"] == "done", state
        cached.append((ep, state["episodeId"]))
    return cached


async def hammer(
    http: httpx.AsyncClient, targets: list[tuple[FixtureEpisode, str]], until: float, n: int
) -> Tally:
    """One connection's worth of back-to-back cached reads until ``until``."""
    tally = Tally()
    while time.monotonic() < until:
        n += 1
        ep, episode_id = targets[n % len(targets)]
        if n % 2:
            request = http.post("/v1/lookups", json={"url": f"{ep.page_url}?utm_source=load{n}#t={n}"})
        else:
            request = http.get(f"/v1/episodes/{episode_id}")
        started = time.monotonic()
        try:
            response = await request
        except httpx.TransportError as exc:
            tally.errors.append(repr(exc))
            continue
        tally.slowest = max(tally.slowest, time.monotonic() - started)
        if response.status_code == 200 and response.json().get("id") == episode_id:
            tally.ok += 1
        else:
            tally.wrong.append(f"{response.status_code} {response.text[:200]}")
    return tally


@pytest.mark.parametrize(
    "seconds", [pytest.param(5, id="quick"), pytest.param(60, id="long", marks=pytest.mark.slow)]
)
async def test_cached_reads_at_64_connections(
    fault_stack: Stack, web: PodcastWeb, slug: str, seconds: float
) -> None:
    episodes = [publish(web, f"{slug}-{n}") for n in range(EPISODES)]
    limits = httpx.Limits(max_connections=CONNECTIONS, max_keepalive_connections=CONNECTIONS)
    # a generous client timeout: on a busy shared machine this process may wait to be scheduled
    async with httpx.AsyncClient(base_url=fault_stack.base, timeout=30, limits=limits) as http:
        targets = await cache(http, episodes)
        until = time.monotonic() + seconds
        tallies = await asyncio.gather(*(hammer(http, targets, until, n) for n in range(CONNECTIONS)))
    errors = [e for t in tallies for e in t.errors]
    wrong = [w for t in tallies for w in t.wrong]
    assert errors == [], errors[:5]  # no connection refused, reset or timed out
    assert wrong == [], wrong[:5]  # no 5xx, no 4xx, no answer for another episode
    assert all(t.ok for t in tallies)  # every one of the 64 connections was served
    answered, slowest = sum(t.ok for t in tallies), max(t.slowest for t in tallies)
    print(f"{answered / seconds:.0f} answers/s over {CONNECTIONS} connections, slowest {slowest:.2f} s")
    assert answered >= MIN_RATE * seconds, (answered, seconds)
