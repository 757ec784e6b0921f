"""SIGTERM to real API and worker processes mid-work: nothing is lost, nothing is written twice.

Each test runs its own stack on its own queue, so the shared stack's worker never takes its jobs.
"""

from __future__ import annotations

import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis

from podgist import keys
from tests.episodes import publish
from tests.flow import wait_done
from tests.podcastweb import PodcastWeb
from tests.stack import Proc, Stack


class EpisodeWrites:
    """Counts writes to episode keys through Redis keyspace notifications, seen by a real subscriber."""

    def __init__(self, redis_url: str) -> None:
        self.redis = redis.Redis.from_url(redis_url)
        self.redis.config_set("notify-keyspace-events", "Kh")  # keyspace events of hash commands
        self.pubsub = self.redis.pubsub()
        self.pubsub.psubscribe(f"__keyspace@*__:{keys.PREFIX}episode:*")
        self.events: list[tuple[str, str]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._listen, daemon=True)
        self._thread.start()

    def _listen(self) -> None:
        while not self._stop.is_set():
            message = self.pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
            if message and message["type"] == "pmessage":
                key = message["channel"].decode().split(":", 1)[1]
                self.events.append((key, message["data"].decode()))

    def count(self, episode_id: str) -> int:
        time.sleep(0.3)  # let the last notification arrive
        return sum(1 for key, op in self.events if key == keys.episode(episode_id) and op == "hset")

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.pubsub.close()
        self.redis.close()


@pytest.fixture
def writes(redis_url: str) -> Iterator[EpisodeWrites]:
    counter = EpisodeWrites(redis_url)
    yield counter
    counter.close()


def own_stack(redis_url: str, web: PodcastWeb, slug: str, **env: str) -> Stack:
    return Stack(redis_url, web.base, PODGIST_QUEUE_NAME=f"podgist:test:{slug}", **env)


def wait_for_status(client: httpx.Client, lookup_id: str, status: str, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = client.get(f"/v1/lookups/{lookup_id}").json()
        assert state["status"] != "failed", state
        if state["status"] == status:
            return
        time.sleep(0.05)
    raise AssertionError(f"lookup {lookup_id} never reached {status}")


def exit_code(proc: Proc, timeout: float) -> int:
    try:
        return proc.popen.wait(timeout)
    except subprocess.TimeoutExpired as exc:
        raise AssertionError(f"{proc.name} still running {timeout}s after SIGTERM:\n{proc.log()}") from exc


def test_stopping_worker_finishes_its_running_job(
    redis_url: str, web: PodcastWeb, slug: str, writes: EpisodeWrites
) -> None:
    ep = publish(web, slug, transcript_kw={"delay": 2.0})
    stack = own_stack(redis_url, web, slug)  # default PODGIST_WORKER_SHUTDOWN_WAIT: room to finish
    try:
        with httpx.Client(base_url=stack.base, timeout=40) as client:
            lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
            wait_for_status(client, lookup["id"], "fetching")
            worker = stack.workers[0]
            worker.signal(signal.SIGTERM)
            assert exit_code(worker, 20) == 0
            # the job finished inside the worker's shutdown wait: done without any other worker
            final = client.get(f"/v1/lookups/{lookup['id']}").json()
            assert final["status"] == "done", (final, worker.log())
            assert web.hits[ep.paths["transcript"]] == 1
            assert writes.count(final["episodeId"]) == 1
            assert "shutdown on SIGTERM" in worker.log()
    finally:
        stack.stop()


def test_stopping_worker_hands_its_job_to_the_next(
    redis_url: str, web: PodcastWeb, slug: str, writes: EpisodeWrites
) -> None:
    ep = publish(web, slug, transcript_kw={"delay": 3.0})
    # no shutdown wait: the running job is cancelled at once and goes back on the queue
    stack = own_stack(redis_url, web, slug, PODGIST_WORKER_SHUTDOWN_WAIT="0")
    try:
        with httpx.Client(base_url=stack.base, timeout=40) as client:
            lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
            wait_for_status(client, lookup["id"], "fetching")
            first = stack.workers[0]
            first.signal(signal.SIGTERM)
            assert exit_code(first, 10) == 0
            assert "cancelled, will be run again" in first.log()
            # the cancelled run neither failed nor finished the lookup
            assert client.get(f"/v1/lookups/{lookup['id']}").json()["status"] == "fetching"
            stack.add_worker()  # a replacement pod comes up and takes the job back off the queue
            final = wait_done(client, lookup["id"])
            assert final["status"] == "done", final
            assert web.hits[ep.paths["transcript"]] == 2  # the first fetch was cut, the second ran
            assert writes.count(final["episodeId"]) == 1
            episode = client.get(f"/v1/episodes/{final['episodeId']}").json()
            assert episode["transcript"]["segments"]
    finally:
        stack.stop()


def test_stopping_api_answers_held_long_poll(redis_url: str, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug, transcript_kw={"delay": 6.0})
    stack = own_stack(redis_url, web, slug)
    try:
        with httpx.Client(base_url=stack.base, timeout=40) as client:
            lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
            wait_for_status(client, lookup["id"], "fetching")
        held: dict[str, Any] = {}

        def long_poll() -> None:
            started = time.monotonic()
            response = httpx.get(f"{stack.base}/v1/lookups/{lookup['id']}", params={"wait": 25}, timeout=40)
            held.update(response=response, seconds=time.monotonic() - started)

        poller = threading.Thread(target=long_poll)
        poller.start()
        time.sleep(1.0)  # the request is now held inside ?wait=
        assert "response" not in held
        stack.api.signal(signal.SIGTERM)
        poller.join(timeout=10)
        assert not poller.is_alive(), "the held request was not answered after SIGTERM"
        response: httpx.Response = held["response"]
        assert response.status_code == 200
        state = response.json()
        assert state["id"] == lookup["id"]
        assert state["status"] == "fetching"  # the current state, not a cut connection or an error
        assert held["seconds"] < 8  # well before its 25 s wait ran out
        # uvicorn re-raises the signal once its graceful shutdown is complete
        assert exit_code(stack.api, 10) in (0, -signal.SIGTERM)
        assert "Application shutdown complete" in stack.api.log()
        with pytest.raises(httpx.TransportError):  # stopped: no new requests accepted
            httpx.get(stack.base + "/healthz", timeout=2)
    finally:
        stack.stop()
