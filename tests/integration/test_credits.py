"""Keys and credits against the real API: the 1,000-request race, free repeats, 401/402/429 bodies and
headers, hashed key storage, the keys CLI and the account view."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from collections import Counter

import httpx
import pytest
import redis
from redis.asyncio import Redis

from podgist import keys
from podgist.accounts.keys import KeyStore
from podgist.models import Episode, Segment, Speaker, Transcript
from podgist.store import Store
from tests.episodes import LONG_VTT, FixtureEpisode, publish
from tests.flow import balance, isolated_stack, make_key, module_stack, read
from tests.podcastweb import PodcastWeb
from tests.stack import REPO, Stack

RACE = 1000


stack = module_stack()


@pytest.fixture
def long_episode(web: PodcastWeb, slug: str) -> FixtureEpisode:
    return publish(web, slug, transcript=LONG_VTT, title="Fermentation, an hour and more")


def episode(episode_id: str, n: int) -> Episode:
    segments = [
        Segment(id=0, start=0.0, end=3.0, text=f"Episode {n} starts here.", speaker="Host"),
        Segment(id=1, start=3.5, end=8.0, text="And the guest answers.", speaker="Guest"),
    ]
    return Episode(
        id=episode_id,
        title=f"Race episode {n}",
        show="Race show",
        transcript=Transcript(source="publisher:vtt", segments=segments),
        speakers=[Speaker(name="Host"), Speaker(name="Guest")],
    )


async def cache_episodes(redis_url: str, prefix: str, count: int) -> list[str]:
    """Write ``count`` distinct episodes straight into the cache through our Store."""
    client = Redis.from_url(redis_url)
    store = Store(client, lookup_ttl=3600)
    ids = [f"ep_{prefix}{n:05d}" for n in range(count)]
    try:
        for n, episode_id in enumerate(ids):
            await store.save_episode(episode(episode_id, n), [], tag="test")
    finally:
        await client.aclose()
    return ids


async def test_thousand_concurrent_reads_deliver_exactly_the_balance(stack: Stack, redis_url: str) -> None:
    ids = await cache_episodes(redis_url, f"race{int(time.time())}", RACE)
    client = Redis.from_url(redis_url)
    key, info = await KeyStore(client).create(10, name="racer")
    limits = httpx.Limits(max_connections=RACE, max_keepalive_connections=RACE)
    async with httpx.AsyncClient(base_url=stack.base, timeout=60, limits=limits) as http:

        async def fetch(episode_id: str) -> httpx.Response:
            return await http.get(f"/transcripts/{episode_id}", headers={"x-api-key": key})

        responses = await asyncio.gather(*(fetch(i) for i in ids))
    statuses = Counter(r.status_code for r in responses)
    assert statuses == {200: 10, 402: RACE - 10}, statuses
    delivered = [r for r in responses if r.status_code == 200]
    assert all(r.text.startswith("# Race episode ") for r in delivered)
    assert sorted(int(r.headers["x-credits-remaining"]) for r in delivered) == list(range(10))
    refused = next(r for r in responses if r.status_code == 402)
    assert refused.headers["content-type"] == "application/json"
    body = refused.json()
    assert body["code"] == "insufficient_credits"
    assert body["detail"]["balance"] == 0 and body["detail"]["episodeId"].startswith("ep_race")
    assert await client.hget(keys.api_key(info.key_hash), "credits") == b"0"
    paid = {m.decode() for m in await client.smembers(keys.paid(info.key_hash))}
    assert len(paid) == 10 and paid <= set(ids)
    usage = await client.hgetall(keys.usage(info.key_hash))
    assert int(usage[b"charged"]) == 10 and int(usage[b"refused"]) == RACE - 10
    await client.aclose()


async def test_one_credit_many_concurrent_reads_of_one_episode(stack: Stack, redis_url: str) -> None:
    [episode_id] = await cache_episodes(redis_url, f"same{int(time.time())}", 1)
    client = Redis.from_url(redis_url)
    key, info = await KeyStore(client).create(1)
    async with httpx.AsyncClient(base_url=stack.base, timeout=60) as http:
        responses = await asyncio.gather(
            *(http.get(f"/transcripts/{episode_id}", headers={"x-api-key": key}) for _ in range(100))
        )
    assert {r.status_code for r in responses} == {200}
    assert Counter(r.headers["x-credits-charged"] for r in responses) == {"1": 1, "0": 99}
    assert await client.hget(keys.api_key(info.key_hash), "credits") == b"0"
    await client.aclose()


def test_repeats_in_every_format_insights_and_search_are_free(
    client: httpx.Client, stack: Stack, redis_url: str
) -> None:
    [episode_id] = asyncio.run(cache_episodes(redis_url, f"rep{int(time.time())}", 1))
    key = make_key(redis_url, 1)
    headers = {"x-api-key": key}
    first = client.get(f"/transcripts/{episode_id}", headers=headers)
    assert first.status_code == 200 and first.headers["x-credits-charged"] == "1"
    for fmt in ("markdown", "json", "srt", "vtt", "txt"):
        again = client.get(f"/transcripts/{episode_id}", params={"format": fmt}, headers=headers)
        assert again.status_code == 200 and again.headers["x-credits-charged"] == "0", fmt
    hits = client.get(f"/transcripts/{episode_id}/search", params={"q": "guest"}, headers=headers)
    assert hits.status_code == 200 and hits.json()["hits"][0]["snippet"] == "And the **guest** answers."
    # No insights were computed for these cached episodes: a 404, and nothing charged for it.
    missing = client.get(f"/transcripts/{episode_id}/insights", headers=headers)
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert balance(client, key) == 0


def test_out_of_credits_then_topped_up(client: httpx.Client, stack: Stack, redis_url: str) -> None:
    first, second = asyncio.run(cache_episodes(redis_url, f"top{int(time.time())}", 2))
    key = make_key(redis_url, 1)
    headers = {"x-api-key": key}
    assert client.get(f"/transcripts/{first}", headers=headers).status_code == 200
    refused = client.get(f"/transcripts/{second}", headers=headers)
    assert refused.status_code == 402
    assert refused.json() == {
        "code": "insufficient_credits",
        "message": "This key has no credits left; top it up to read new transcripts.",
        "detail": {"balance": 0, "episodeId": second},
    }
    # Paid episodes stay readable at zero balance.
    assert client.get(f"/transcripts/{first}?format=vtt", headers=headers).status_code == 200

    async def topup() -> None:
        redis_client = Redis.from_url(redis_url)
        await KeyStore(redis_client).topup(key, 1)
        await redis_client.aclose()

    asyncio.run(topup())
    assert client.get(f"/transcripts/{second}", headers=headers).status_code == 200
    assert balance(client, key) == 0


def test_rate_limits_answer_429_with_retry_after(redis_url: str, web: PodcastWeb) -> None:
    limited = isolated_stack(
        redis_url,
        web,
        PODGIST_KEY_RATE_PER_MINUTE="3",
        PODGIST_DEMO_RATE_PER_MINUTE="3",
        PODGIST_PUBLIC_RATE_PER_MINUTE="3",
    )
    try:
        key = make_key(redis_url, 1)
        with httpx.Client(base_url=limited.base, timeout=10) as http:
            # 7 requests span at most two fixed windows, so one window must see more than 3.
            for name, send in [
                ("key", lambda: http.get("/v1/account", headers={"x-api-key": key})),
                ("demo", lambda: http.get("/v1/account", headers={"x-api-key": "pg_demo"})),
                ("public", lambda: http.get("/v1/lookups/lk_missing")),
            ]:
                responses = [send() for _ in range(7)]
                limited_ones = [r for r in responses if r.status_code == 429]
                assert limited_ones, name
                first = limited_ones[0]
                retry_after = int(first.headers["retry-after"])
                assert 1 <= retry_after <= 60
                assert first.json()["code"] == "rate_limited"
                assert first.json()["detail"] == {"retryAfter": retry_after}
                assert {r.status_code for r in responses} <= {200, 404, 429}, name
    finally:
        limited.stop()


def test_missing_bad_and_revoked_keys_are_401(
    client: httpx.Client, redis_url: str, stack: Stack, long_episode: FixtureEpisode
) -> None:
    params = {"url": long_episode.page_url}
    none = client.get("/transcripts", params=params)
    assert none.status_code == 401
    assert none.json() == {
        "code": "unauthorized",
        "message": "A valid API key is required (x-api-key header or Authorization: Bearer).",
    }
    unknown = client.get("/transcripts", params=params, headers={"x-api-key": "pg_live_" + "x" * 32})
    assert unknown.status_code == 401 and unknown.json()["code"] == "unauthorized"
    key = make_key(redis_url, 5)
    assert client.get("/v1/account", headers={"x-api-key": key}).status_code == 200
    subprocess.run(
        [sys.executable, "-m", "podgist_cli.main", "keys", "revoke", key[:16]],
        env=stack.env,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    revoked = client.get("/transcripts", params=params, headers={"authorization": f"Bearer {key}"})
    assert revoked.status_code == 401 and "revoked" in revoked.json()["message"]


def test_keys_are_stored_only_as_hashes(
    client: httpx.Client, redis_url: str, stack: Stack, long_episode: FixtureEpisode
) -> None:
    made = subprocess.run(
        [
            sys.executable,
            "-m",
            "podgist_cli.main",
            "keys",
            "create",
            "--credits",
            "7",
            "--name",
            "hash-check",
        ],
        env=stack.env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    )
    key = made.stdout.strip()
    assert key.startswith("pg_live_") and "only time" in made.stderr
    assert read(client, key, long_episode).status_code == 200  # leave usage and paid traces too
    r = redis.Redis.from_url(redis_url)
    secret = key.encode()
    scanned = 0
    for name in r.scan_iter(count=1000):
        scanned += 1
        assert secret not in name
        kind = r.type(name)
        values: list[bytes] = []
        if kind == b"string":
            values = [r.get(name) or b""]
        elif kind == b"hash":
            values = [*r.hgetall(name).keys(), *r.hgetall(name).values()]
        elif kind == b"set":
            values = list(r.smembers(name))
        elif kind == b"list":
            values = r.lrange(name, 0, -1)
        assert not any(secret in v for v in values), name
    assert scanned > 5
    listed = subprocess.run(
        [sys.executable, "-m", "podgist_cli.main", "keys", "list"],
        env=stack.env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(row for row in listed.splitlines() if row.endswith("hash-check"))
    assert line.startswith(key[:16] + "…") and "6 credits" in line and "active" in line and key not in listed
    topped = subprocess.run(
        [sys.executable, "-m", "podgist_cli.main", "keys", "topup", key, "10"],
        env=stack.env,
        cwd=REPO,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert "16 credits" in topped
    assert balance(client, key) == 16


def test_account_shows_balance_paid_and_usage(
    client: httpx.Client, redis_url: str, long_episode: FixtureEpisode
) -> None:
    key = make_key(redis_url, 4, name="acme")
    read(client, key, long_episode)
    read(client, key, long_episode, format="vtt")
    episode_id = read(client, key, long_episode, format="json").json()["episodeId"]
    client.get(f"/transcripts/{episode_id}/search", params={"q": "koji"}, headers={"x-api-key": key})
    account = client.get("/v1/account", headers={"x-api-key": key}).json()
    assert account["name"] == "acme" and account["demo"] is False
    assert account["balance"] == 3 and account["episodesPaid"] == 1
    assert account["prefix"] == key[:16]
    assert account["usage"] == {
        "transcript": 3,
        "insights": 0,
        "search": 1,
        "charged": 1,
        "repeats": 3,
        "refused": 0,
        "pending": 0,
    }
