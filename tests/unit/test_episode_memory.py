"""Episodes remembered by an API process: served only while Redis holds the same stamp (real Valkey).

To see which copy a read returned, a test changes the episode's JSON in Redis but leaves its stamp: a
remembered episode is then still served from memory, while a store that remembers nothing reads the
changed bytes. Writes through ``save_episode`` always change the stamp.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis

from podgist import keys
from podgist.episode_memory import ENTRY_OVERHEAD_BYTES, CachedEpisode, EpisodeMemory, episode_stamp
from podgist.models import Episode, LookupRequest, Segment, Transcript
from podgist.sources import request_alias
from podgist.store import Store

TAG = "extractive/1"
MEMORY = 1024 * 1024


@pytest.fixture
async def redis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


def episode(episode_id: str, text: str = "hello") -> Episode:
    segments = [Segment(id=0, start=0.0, end=1.0, text=text)]
    return Episode(id=episode_id, title="t", transcript=Transcript(source="publisher:vtt", segments=segments))


async def saved(store: Store, text: str = "hello") -> tuple[str, str, bytes]:
    """(episode id, alias, JSON) of a new episode saved the way a job saves it."""
    episode_id = f"ep_{uuid.uuid4().hex[:12]}"
    alias = request_alias(LookupRequest(url=f"https://x.test/{episode_id}"))
    raw = await store.save_episode(episode(episode_id, text), [alias], TAG)
    return episode_id, alias, raw


async def swap_json_keeping_stamp(redis: Redis, episode_id: str, raw: bytes) -> None:
    await redis.hset(keys.episode(episode_id), "json", raw)  # type: ignore[misc]


async def test_a_remembered_episode_is_served_while_its_stamp_is_unchanged(redis: Redis) -> None:
    store = Store(redis, lookup_ttl=60, episode_memory_bytes=MEMORY)
    episode_id, _, raw = await saved(store)
    assert await store.episode_json(episode_id) == raw  # read from Redis, now remembered
    await swap_json_keeping_stamp(redis, episode_id, b'{"id":"changed behind the stamp"}')
    assert await store.episode_json(episode_id) == raw  # the stamp alone was read

    forgetful = Store(redis, lookup_ttl=60)  # a worker's store remembers nothing
    assert await forgetful.episode_json(episode_id) == b'{"id":"changed behind the stamp"}'


async def test_a_saved_change_or_an_eviction_is_seen_on_the_next_read(redis: Redis) -> None:
    store = Store(redis, lookup_ttl=60, episode_memory_bytes=MEMORY)
    episode_id, alias, first = await saved(store)
    assert await store.episode_json(episode_id) == first
    second = await store.save_episode(episode(episode_id, "hello again"), [alias], TAG)
    assert second != first
    assert await store.episode_json(episode_id) == second
    await redis.delete(keys.episode(episode_id))
    assert await store.episode_json(episode_id) is None
    assert await store.episode(episode_id) is None


async def test_a_new_insights_tag_alone_changes_the_stamp(redis: Redis) -> None:
    store = Store(redis, lookup_ttl=60, episode_memory_bytes=MEMORY)
    episode_id, alias, raw = await saved(store)
    assert (await store.cached_by_alias(alias)) == (
        episode_id,
        CachedEpisode(episode_stamp(raw, TAG), raw, TAG),
    )
    await store.save_episode(episode(episode_id), [alias], "extractive/2")  # same JSON, new engine
    again = CachedEpisode(episode_stamp(raw, "extractive/2"), raw, "extractive/2")
    assert (await store.cached_by_alias(alias)) == (episode_id, again)
    assert episode_stamp(raw, TAG) != episode_stamp(raw, "extractive/2")


async def test_lookups_by_alias_share_the_memory_and_its_check(redis: Redis) -> None:
    store = Store(redis, lookup_ttl=60, episode_memory_bytes=MEMORY)
    episode_id, alias, raw = await saved(store)
    remembered = (episode_id, CachedEpisode(episode_stamp(raw, TAG), raw, TAG))
    assert await store.cached_by_alias(alias) == remembered  # the script's path remembers it
    await swap_json_keeping_stamp(redis, episode_id, b"{}")
    assert await store.cached_by_alias(alias) == remembered
    assert await store.episode_json(episode_id) == raw
    await redis.delete(keys.episode(episode_id))
    assert await store.cached_by_alias(alias) is None


async def test_episodes_saved_before_stamps_are_read_whole_every_time(redis: Redis) -> None:
    store = Store(redis, lookup_ttl=60, episode_memory_bytes=MEMORY)
    episode_id = f"ep_{uuid.uuid4().hex[:12]}"
    await redis.hset(keys.episode(episode_id), mapping={"json": b'{"v":1}', "tag": TAG})  # type: ignore[misc]
    assert await store.episode_json(episode_id) == b'{"v":1}'
    await swap_json_keeping_stamp(redis, episode_id, b'{"v":2}')
    assert await store.episode_json(episode_id) == b'{"v":2}'


def entry(size: int, stamp: bytes = b"s1") -> CachedEpisode:
    return CachedEpisode(stamp, b"x" * (size - ENTRY_OVERHEAD_BYTES - len(stamp) - len(TAG)), TAG)


def test_memory_stays_within_its_bytes_and_drops_the_least_recently_used() -> None:
    memory = EpisodeMemory(10_000)
    for n in range(3):
        memory.put(f"ep{n}", entry(3_000))
    assert memory.get("ep0") is not None  # ep1 is now the least recently used
    memory.put("ep3", entry(3_000))
    assert memory.get("ep1") is None
    assert [memory.get(f"ep{n}") is not None for n in (0, 2, 3)] == [True, True, True]
    assert memory.bytes_used == 9_000 <= memory.max_bytes


def test_an_episode_larger_than_the_memory_or_a_disabled_memory_keeps_nothing() -> None:
    memory = EpisodeMemory(5_000)
    memory.put("ep", entry(1_000))
    memory.put("ep", entry(6_000, b"s2"))  # too large: the older copy must not linger either
    assert memory.get("ep") is None and memory.bytes_used == 0
    disabled = EpisodeMemory(0)
    disabled.put("ep", entry(1_000))
    assert len(disabled) == 0
