"""kill -9 of the worker mid-job, round after round: a fresh worker finishes every lookup, its episode is
only ever seen whole, no claim or arq job key is left behind, and a paying key is charged once.

A killed job is retried once its heartbeat lapses (~20 s, workers/heartbeat.py), so rounds run in
batches: each round of a batch kills the worker running its job and starts a replacement at once (with
a spare running, the next round need not wait for one to boot), then the batch waits for all of its
retries together.
"""

from __future__ import annotations

import random
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

import httpx
import msgspec
import pytest
import redis
from arq.constants import in_progress_key_prefix, job_key_prefix

from podgist import keys
from podgist.accounts.keys import hash_key
from podgist.episode_memory import episode_stamp
from podgist.models import Episode
from tests.episodes import FixtureEpisode, publish
from tests.faults.helpers import cache_traces, episode_id_of, trickle, url_aliases
from tests.faults.helpers import wait_status as wait_for
from tests.flow import make_key, wait_done
from tests.podcastweb import PodcastWeb, Route
from tests.stack import Proc, Stack

pytestmark = pytest.mark.faults

BATCH = 3
SEGMENTS = 7  # cues of tests.episodes.TWO_SPEAKER_VTT
SLOW_PART = {"resolving": "feed", "fetching": "transcript"}  # the phase a round kills in → what is slow
Answers = list[tuple[int, str]]


@dataclass
class Round:
    ep: FixtureEpisode
    episode_id: str
    lookup_id: str
    slow_path: str
    readers: list[Future[Answers]]


class EpisodeWatch:
    """Reads the rounds' episode keys every few ms: each must be absent or whole, never half-written."""

    def __init__(self, r: redis.Redis) -> None:
        self.r, self.ids, self.torn = r, set[str](), list[str]()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)
        self._thread.start()

    def _watch(self) -> None:
        while not self._stop.wait(0.01):
            for episode_id in list(self.ids):
                stored = self.r.hgetall(keys.episode(episode_id))
                if stored and not _whole(stored):
                    self.torn.append(episode_id)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()


def _whole(stored: dict[bytes, bytes]) -> bool:
    if set(stored) != {b"json", b"tag", b"stamp"}:
        return False
    if stored[b"stamp"] != episode_stamp(stored[b"json"], stored[b"tag"].decode()):
        return False
    try:
        episode = msgspec.json.decode(stored[b"json"], type=Episode)
    except msgspec.DecodeError:
        return False
    return len(episode.transcript.segments) == SEGMENTS


def read_paid(base: str, key: str, url: str, seconds: float = 90) -> Answers:
    """Read the transcript by URL until it is delivered; every answer as (status, credits charged)."""
    answers: Answers = []
    deadline = time.monotonic() + seconds
    with httpx.Client(base_url=base, timeout=40) as http:
        while time.monotonic() < deadline:
            got = http.get("/transcripts", params={"url": url, "wait": 20}, headers={"x-api-key": key})
            answers.append((got.status_code, got.headers.get("x-credits-charged", "")))
            if got.status_code != 202:  # 202: still being looked up, free; ask again
                break
    return answers


def running_job(stack: Stack, lookup_id: str, timeout: float = 10) -> Proc:
    """The live worker that started the lookup's job (arq logs "→ <job id>:lookup(…)" as it starts one)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [w for w in stack.workers if w.popen.poll() is None and f"→ {lookup_id}:" in w.log()]
        if found:
            assert len(found) == 1, [w.name for w in found]
            return found[0]
        time.sleep(0.02)
    raise AssertionError(f"no live worker started {lookup_id}")


@pytest.fixture
def killable(fault_stack: Stack) -> Iterator[Stack]:
    yield fault_stack
    if not any(w.popen.poll() is None for w in fault_stack.workers):
        fault_stack.add_worker()  # a failed round must not leave the shared stack without a worker


@dataclass
class Rig:
    """Everything a round works with."""

    stack: Stack
    web: PodcastWeb
    r: redis.Redis
    client: httpx.Client
    pool: ThreadPoolExecutor
    key: str


def start_round(rig: Rig, name: str, phase: str) -> Round:
    """Publish an episode with one slow part, look it up, and kill -9 the worker while it reads that part."""
    ep = publish(rig.web, name)
    slow_path = ep.paths[SLOW_PART[phase]]
    part = rig.web.routes[slow_path]  # the same bytes, trickled over ~1.5 s: long enough to be killed in
    rig.web.routes[slow_path] = Route(writer=trickle(part.body, part.content_type, pieces=6, every=0.25))
    lookup = rig.client.post("/v1/lookups", json={"url": ep.page_url})
    assert lookup.status_code == 202, lookup.text
    lookup_id = lookup.json()["id"]
    readers = [rig.pool.submit(read_paid, rig.stack.base, rig.key, ep.page_url) for _ in range(2)]
    wait_for(rig.client, lookup_id, phase)
    worker = running_job(rig.stack, lookup_id)
    deadline = time.monotonic() + 10
    while rig.web.hits[slow_path] == 0:  # the worker has started the slow read…
        assert time.monotonic() < deadline, f"{slow_path} was never read"
        time.sleep(0.01)
    time.sleep(random.Random(name).uniform(0, 0.5))  # …and is somewhere inside it
    worker.signal(signal.SIGKILL)
    assert worker.popen.wait(10) == -signal.SIGKILL
    state = rig.client.get(f"/v1/lookups/{lookup_id}").json()
    assert state["status"] == phase, state  # killed mid-job: neither done nor failed
    episode_id = episode_id_of(ep)
    left = cache_traces(rig.r, episode_id, url_aliases(ep.page_url, ep.audio_url))
    # nothing cached; only a claim, when the dead job had got as far as taking one
    assert left == ([keys.episode_lock(episode_id)] if phase == "fetching" else []), left
    rig.stack.add_worker()  # the replacement pod; it boots while the spare takes the next round
    return Round(ep, episode_id, lookup_id, slow_path, readers)


def finish_round(rig: Rig, rnd: Round) -> None:
    """The retry finished the lookup: whole episode, claim and arq job gone, one charge for the key."""
    state = wait_done(rig.client, rnd.lookup_id, timeout=90)
    assert state["status"] == "done" and state["episodeId"] == rnd.episode_id, state
    assert _whole(rig.r.hgetall(keys.episode(rnd.episode_id)))
    for alias in url_aliases(rnd.ep.page_url, rnd.ep.audio_url):
        assert rig.r.get(keys.alias(alias)) == rnd.episode_id.encode()
    # The job gives its claim back, and arq drops its keys, just after the lookup is marked done.
    job_id = f"{rnd.lookup_id}:{state.get('generation', 0)}"
    leftovers = [keys.episode_lock(rnd.episode_id), job_key_prefix + job_id, in_progress_key_prefix + job_id]
    deadline = time.monotonic() + 10
    while rig.r.exists(*leftovers):
        assert time.monotonic() < deadline, [k for k in leftovers if rig.r.exists(k)]
        time.sleep(0.05)
    assert rig.r.zscore(rig.stack.env["PODGIST_QUEUE_NAME"], job_id) is None
    assert rig.web.hits[rnd.slow_path] == 2  # the killed run's read was cut off; the retry read it whole
    answers = [a for reader in rnd.readers for a in reader.result()]
    delivered = [charged for status, charged in answers if status == 200]
    assert len(delivered) == 2 and sorted(delivered) == ["0", "1"], answers
    assert {status for status, _ in answers} <= {200, 202}, answers


@pytest.mark.parametrize(
    "rounds", [pytest.param(3, id="quick"), pytest.param(21, id="long", marks=pytest.mark.slow)]
)
def test_killed_worker_never_loses_or_doubles_a_lookup(
    killable: Stack, web: PodcastWeb, slug: str, redis_url: str, rounds: int
) -> None:
    r = redis.Redis.from_url(redis_url)
    key = make_key(redis_url, rounds + 2, name=slug)
    watch = EpisodeWatch(r)
    done: list[Round] = []
    killable.add_worker()  # a spare, booted by the next round: rounds need not wait for a worker to boot
    try:
        with httpx.Client(base_url=killable.base, timeout=40) as client, ThreadPoolExecutor(8) as pool:
            rig = Rig(killable, web, r, client, pool, key)
            for first in range(0, rounds, BATCH):
                numbers = range(first, min(first + BATCH, rounds))
                batch = [start_round(rig, f"{slug}-{n}", list(SLOW_PART)[n % 2]) for n in numbers]
                watch.ids.update(rnd.episode_id for rnd in batch)
                for rnd in batch:
                    finish_round(rig, rnd)
                done += batch
    finally:
        watch.close()
    assert watch.torn == []  # the watcher never saw an episode key half-written
    key_hash = hash_key(key)
    assert int(r.hget(keys.api_key(key_hash), "credits") or -1) == 2  # one credit per episode, no more
    assert {m.decode() for m in r.smembers(keys.paid(key_hash))} == {rnd.episode_id for rnd in done}
    assert int(r.hget(keys.usage(key_hash), "charged") or 0) == rounds
