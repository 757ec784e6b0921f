"""A job whose worker died on every run ends its lookup as failed, with a reason, instead of leaving it in
the state its last run reached (arq drops a job silently once its tries are used up)."""

from __future__ import annotations

import asyncio
import uuid

import httpx
from arq.connections import RedisSettings, create_pool
from redis.asyncio import Redis

from podgist.models import Lookup, LookupRequest, to_json
from podgist.settings import Settings
from podgist.store import Store
from tests.episodes import publish
from tests.flow import LOOKUP_RULES, queued_lookup, wait_done
from tests.podcastweb import PodcastWeb
from tests.stack import Stack
from workers.attempts import LOOKUP_RUNS, out_of_runs


async def running_lookup(store: Store, url: str, status: str = "fetching") -> Lookup:
    """A lookup as a run that was killed mid-way left it."""
    fresh = queued_lookup(f"lk_{uuid.uuid4().hex[:12]}", url=url)
    created, _ = await store.create_lookup(fresh, **LOOKUP_RULES)
    return await store.update_lookup(created, status=status, progress=0.3)  # type: ignore[arg-type]


def test_the_try_after_the_last_run_fails_the_lookup(
    stack: Stack, client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str
) -> None:
    ep = publish(web, slug)

    async def enqueue_last_try() -> str:
        redis = Redis.from_url(redis_url)
        lookup = await running_lookup(Store(redis, lookup_ttl=3600), ep.page_url)
        await redis.aclose()
        pool = await create_pool(RedisSettings.from_dsn(redis_url))
        await pool.enqueue_job(
            "lookup",
            lookup.id,
            lookup.generation,
            to_json(LookupRequest(url=ep.page_url)),
            _job_id=f"{lookup.id}:{lookup.generation}",
            _queue_name=stack.env.get("PODGIST_QUEUE_NAME", Settings().queue_name),
            _job_try=LOOKUP_RUNS + 1,  # as arq counts it after LOOKUP_RUNS runs that died
        )
        await pool.aclose()
        return lookup.id

    state = wait_done(client, asyncio.run(enqueue_last_try()))
    assert state["status"] == "failed", state
    assert state["error"]["code"] == "job_interrupted"
    assert f"stopped {LOOKUP_RUNS} times" in state["error"]["message"]
    assert web.hits[ep.paths["page"]] == 0  # the extra try only reports the end; it does no work
    retried = client.post("/v1/lookups", json={"url": ep.page_url})
    assert retried.status_code == 202  # a failed lookup may run again after the back-off, as always


async def test_out_of_runs_fails_only_a_lookup_this_job_still_owns(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    store = Store(redis, lookup_ttl=3600)
    lookup = await running_lookup(store, "https://x.test/runs-left")
    assert (
        await out_of_runs({"job_try": LOOKUP_RUNS}, store, lookup.id, lookup.generation, LOOKUP_RUNS) is None
    )
    assert (await store.lookup(lookup.id)) == lookup
    done = await store.update_lookup(lookup, status="done", progress=1.0, episode_id="ep_x")
    ended = await out_of_runs({"job_try": LOOKUP_RUNS + 1}, store, lookup.id, lookup.generation, LOOKUP_RUNS)
    assert ended == "superseded"
    assert (await store.lookup(lookup.id)) == done  # an ended lookup keeps its end
    other = await running_lookup(store, "https://x.test/superseded")
    ended = await out_of_runs({"job_try": 9}, store, other.id, other.generation + 1, LOOKUP_RUNS)
    assert ended == "superseded"
    assert (await store.lookup(other.id)) == other  # another generation owns it: not ours to fail
    ended = await out_of_runs({"job_try": 9}, store, other.id, other.generation, LOOKUP_RUNS)
    assert ended == "failed" and (await store.lookup(other.id) or other).status == "failed"
    await redis.aclose()
