"""When a lookup is joined and when it runs again, decided atomically in Redis (real Valkey).

The race that matters: a request misses the cache an instant before the job saves the episode, then
reaches "create the lookup" after it is done. It must join the finished lookup, not start a second job.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import AsyncIterator

import msgspec
import pytest
from arq.connections import ArqRedis
from arq.constants import in_progress_key_prefix, job_key_prefix
from redis.asyncio import Redis

from podgist import keys
from podgist.lookups import job_id
from podgist.models import Episode, Lookup, LookupRequest, Segment, Transcript
from podgist.sources import request_alias
from podgist.store import Store
from tests.flow import LOOKUP_RULES, queued_lookup

TAG = LOOKUP_RULES["tag"]


@pytest.fixture
async def store(redis_url: str) -> AsyncIterator[Store]:
    redis = Redis.from_url(redis_url)
    yield Store(redis, lookup_ttl=3600)
    await redis.aclose()


async def finish(store: Store, lookup: Lookup, episode_id: str, tag: str = TAG) -> str:
    """What a job does at the end: save the episode with its alias, then mark the lookup done."""
    alias = request_alias(LookupRequest(url=f"https://x.test/{episode_id}"))
    segments = [Segment(id=0, start=0.0, end=1.0, text="hi")]
    episode = Episode(
        id=episode_id, title="t", transcript=Transcript(source="publisher:vtt", segments=segments)
    )
    await store.save_episode(episode, [alias], tag)
    await store.update_lookup(lookup, status="done", progress=1.0, episode_id=episode_id)
    return alias


async def test_a_request_that_missed_the_cache_joins_the_finished_lookup(store: Store) -> None:
    lookup_id, episode_id = f"lk_{uuid.uuid4().hex[:12]}", f"ep_{uuid.uuid4().hex[:12]}"
    first, created = await store.create_lookup(queued_lookup(lookup_id), **LOOKUP_RULES)
    assert created
    alias = request_alias(LookupRequest(url=f"https://x.test/{episode_id}"))
    assert await store.cached_by_alias(alias) is None  # the second request's cache check: a miss…
    await finish(store, first, episode_id)  # …then the job finishes before its create
    joined, created = await store.create_lookup(queued_lookup(lookup_id), **LOOKUP_RULES)
    assert not created and joined.status == "done" and joined.episode_id == episode_id


async def test_done_lookups_run_again_only_for_a_missing_or_outdated_episode(store: Store) -> None:
    gone, old = f"lk_{uuid.uuid4().hex[:12]}", f"lk_{uuid.uuid4().hex[:12]}"
    first, _ = await store.create_lookup(queued_lookup(gone), **LOOKUP_RULES)
    await store.update_lookup(first, status="done", progress=1.0, episode_id=f"ep_{uuid.uuid4().hex[:12]}")
    rerun, created = await store.create_lookup(queued_lookup(gone), **LOOKUP_RULES)  # its episode was evicted
    assert created and rerun.generation == first.generation + 1

    long_ago = time.time() - 3600
    outdated, _ = await store.create_lookup(queued_lookup(old, at=long_ago), **LOOKUP_RULES)
    episode_id = f"ep_{uuid.uuid4().hex[:12]}"
    await finish(store, outdated, episode_id, tag="extractive/0")
    # the lookup finished just now: within done_after it is joined, not re-run, although its tag is old
    same, created = await store.create_lookup(queued_lookup(old), **LOOKUP_RULES)
    assert not created and same.status == "done"
    later = msgspec.structs.replace(queued_lookup(old), updated_at=time.time() + LOOKUP_RULES["done_after"])
    refreshed, created = await store.create_lookup(later, **LOOKUP_RULES)
    assert created and refreshed.status == "queued"


async def test_failed_and_stuck_lookups_wait_their_turn(store: Store) -> None:
    failed_id, stuck_id = f"lk_{uuid.uuid4().hex[:12]}", f"lk_{uuid.uuid4().hex[:12]}"
    failed, _ = await store.create_lookup(queued_lookup(failed_id), **LOOKUP_RULES)
    await store.update_lookup(failed, status="failed")
    assert not (await store.create_lookup(queued_lookup(failed_id), **LOOKUP_RULES))[1]
    retry_at = time.time() + LOOKUP_RULES["retry_after"]
    assert (await store.create_lookup(queued_lookup(failed_id, at=retry_at), **LOOKUP_RULES))[1]

    await store.create_lookup(queued_lookup(stuck_id), **LOOKUP_RULES)
    assert not (await store.create_lookup(queued_lookup(stuck_id), **LOOKUP_RULES))[1]  # running: joined
    stale_at = time.time() + LOOKUP_RULES["stale_after"]
    # its worker died
    assert (await store.create_lookup(queued_lookup(stuck_id, at=stale_at), **LOOKUP_RULES))[1]


async def test_a_queued_lookup_keeps_its_place_in_a_long_backlog(store: Store) -> None:
    lookup_id = f"lk_{uuid.uuid4().hex[:12]}"
    first, _ = await store.create_lookup(queued_lookup(lookup_id), **LOOKUP_RULES)
    queue = ArqRedis(connection_pool=store.redis.connection_pool)
    await queue.enqueue_job(
        "lookup", lookup_id, _job_id=job_id(lookup_id, first.generation), _queue_name=f"q:{lookup_id}"
    )
    stale_at = time.time() + LOOKUP_RULES["stale_after"]
    waited, created = await store.create_lookup(queued_lookup(lookup_id, at=stale_at), **LOOKUP_RULES)
    assert not created and waited.generation == first.generation  # still on the queue: joined
    await store.redis.delete(job_key_prefix + job_id(lookup_id, first.generation))  # the queue lost it
    rerun, created = await store.create_lookup(queued_lookup(lookup_id, at=stale_at), **LOOKUP_RULES)
    assert created and rerun.generation == first.generation + 1


async def handed_to_asr(store: Store) -> tuple[Lookup, str]:
    """A new lookup that a worker moved on to speech-to-text, with that job queued (not yet noted)."""
    lookup_id = f"lk_{uuid.uuid4().hex[:12]}"
    first, _ = await store.create_lookup(queued_lookup(lookup_id), **LOOKUP_RULES)
    handed = await store.update_lookup(first, status="transcribing", progress=0.3)
    asr_job = f"asr:{lookup_id}:{handed.generation}"
    queue = ArqRedis(connection_pool=store.redis.connection_pool)
    await queue.enqueue_job("asr", lookup_id, _job_id=asr_job, _queue_name=f"q:{lookup_id}")
    return handed, asr_job


async def test_a_lookup_handed_to_a_long_queue_keeps_its_place(store: Store) -> None:
    handed, asr_job = await handed_to_asr(store)
    await store.note_lookup_job(handed, asr_job)
    again = queued_lookup(handed.id, at=time.time() + LOOKUP_RULES["stale_after"])
    waited, created = await store.create_lookup(again, **LOOKUP_RULES)
    assert not created and waited.generation == handed.generation  # the speech-to-text job still waits
    await store.redis.set(in_progress_key_prefix + asr_job, b"1")  # a worker runs it, and stopped reporting
    rerun, created = await store.create_lookup(again, **LOOKUP_RULES)
    assert created and rerun.generation == handed.generation + 1


async def test_only_a_handed_job_of_the_current_run_keeps_its_place(store: Store) -> None:
    handed, asr_job = await handed_to_asr(store)
    older = msgspec.structs.replace(handed, generation=handed.generation - 1)
    await store.note_lookup_job(older, asr_job)  # a job of an earlier run does not carry this one
    again = queued_lookup(handed.id, at=time.time() + LOOKUP_RULES["stale_after"])
    rerun, created = await store.create_lookup(again, **LOOKUP_RULES)
    assert created and rerun.generation == handed.generation + 1


async def test_a_remembered_alias_is_read_without_the_script(store: Store) -> None:
    episode_id = f"ep_{uuid.uuid4().hex[:12]}"
    alias = await finish(store, queued_lookup(f"lk_{uuid.uuid4().hex[:12]}"), episode_id)
    first = await store.cached_by_alias(alias)
    assert first is not None and first[0] == episode_id and first[1].tag == TAG
    await store.redis.delete(keys.alias(alias))  # only this process's memory knows the alias now
    assert await store.cached_by_alias(alias) == first
    assert await Store(store.redis, lookup_ttl=3600).cached_by_alias(alias) is None  # another process


async def test_a_remembered_alias_serves_the_episode_as_it_is_now(store: Store) -> None:
    episode_id = f"ep_{uuid.uuid4().hex[:12]}"
    alias = await finish(store, queued_lookup(f"lk_{uuid.uuid4().hex[:12]}"), episode_id)
    assert await store.cached_by_alias(alias) is not None
    await finish(
        store, queued_lookup(f"lk_{uuid.uuid4().hex[:12]}"), episode_id, tag="extractive/2"
    )  # re-analyzed
    again = await store.cached_by_alias(alias)
    assert again is not None and again[1].tag == "extractive/2"
    await store.redis.delete(keys.episode(episode_id))  # evicted: never served from memory
    assert await store.cached_by_alias(alias) is None
    await finish(store, queued_lookup(f"lk_{uuid.uuid4().hex[:12]}"), episode_id)  # looked up again
    assert (await store.cached_by_alias(alias) or ("",))[0] == episode_id
