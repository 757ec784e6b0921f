"""Redis stopped, alone and mid-traffic, or hung: typed 503s within a second (after the time limit when
hung), ``/readyz`` failing, and recovery of the API and the worker without restarting either once Redis
is back. The restarted Valkey keeps no data (as after a failover to an empty replica), so recovery means
new lookups work again."""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from api.redis_client import COMMAND_TIMEOUT_S
from tests.episodes import publish
from tests.faults.helpers import episode_id_of, follow
from tests.flow import wait_done
from tests.podcastweb import PodcastWeb
from tests.stack import RedisServer, Stack

pytestmark = pytest.mark.faults

WITHIN = 1.0  # seconds an answer may take while Redis is down
# Seen from the test's side, on a shared 2-CPU machine, an answer may also wait for this process to be
# scheduled: there, only a hang is an error. The API's own access log times its answers exactly.
HANG = 3.0
CLIENTS = 16
RESUME_WITHIN = 4.0  # seconds from Redis answering again to a new lookup done
UNKNOWN_KEY = {"x-api-key": "pg_live_" + "x" * 32}
Call = tuple[str, str, object]


@pytest.fixture(scope="module")
def outage_stack(web: PodcastWeb) -> Iterator[tuple[Stack, RedisServer]]:
    server = RedisServer().start()
    # no shutdown wait: the slow job still running at the end is simply cut off at teardown
    running = Stack(server.url, web.base, PODGIST_WORKER_SHUTDOWN_WAIT="0")
    yield running, server
    running.stop()
    server.stop()


def pids(stack: Stack) -> list[int | None]:
    """Process ids of the stack's API and first worker (None for one that exited)."""
    return [p.popen.pid if p.popen.poll() is None else None for p in [stack.api, stack.workers[0]]]


def served(stack: Stack, since: float) -> list[dict[str, Any]]:
    """The API's access log (one JSON line per request, with its duration) since ``since`` (epoch s)."""
    entries = []
    for line in stack.api.log().splitlines():
        with contextlib.suppress(ValueError):
            entry = json.loads(line)
            if isinstance(entry, dict) and entry.get("msg") == "request" and entry.get("ts", 0) >= since:
                entries.append(entry)
    return entries


def recover(client: httpx.Client, server: RedisServer, timeout: float = 15) -> None:
    server.start()  # same port: nothing else is restarted
    deadline = time.monotonic() + timeout
    while client.get("/readyz").status_code != 200:
        assert time.monotonic() < deadline, "API did not recover"
        time.sleep(0.1)


def test_redis_down_is_503_and_recovers(
    outage_stack: tuple[Stack, RedisServer], web: PodcastWeb, slug: str
) -> None:
    stack, server = outage_stack
    ep = publish(web, slug)
    before = pids(stack)
    spare = stack.add_worker()  # to be stopped while Redis is away
    deadline = time.monotonic() + 20
    while "worker started" not in spare.log():
        assert time.monotonic() < deadline and spare.popen.poll() is None, spare.log()
        time.sleep(0.05)
    with httpx.Client(base_url=stack.base, timeout=10) as client:
        assert client.get("/readyz").status_code == 200
        server.stop()
        for method, path, body, headers in [
            ("POST", "/v1/lookups", {"url": ep.page_url}, None),
            ("GET", "/v1/lookups/lk_any", None, None),
            ("GET", "/v1/lookups/lk_any?wait=10", None, None),
            ("GET", "/v1/episodes/ep_any", None, None),
            ("GET", "/transcripts/ep_any", None, UNKNOWN_KEY),  # not 401: the key may be fine
            ("GET", "/readyz", None, None),
        ]:
            started = time.monotonic()
            response = client.request(method, path, json=body, headers=headers)
            elapsed = time.monotonic() - started
            assert response.status_code == 503, (path, response.text)
            assert response.json()["code"] == "cache_unavailable"
            assert response.headers["retry-after"] == "1"
            assert elapsed < WITHIN, (path, elapsed)
        assert client.get("/healthz").status_code == 200  # the process itself is fine
        spare.signal(signal.SIGTERM)  # a worker told to stop stops, Redis or not: it does not wait for it
        assert spare.popen.wait(10) == 0, spare.log()
        recover(client, server)
        lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
        assert wait_done(client, lookup["id"], timeout=40)["status"] == "done"
    assert pids(stack) == before, "API and worker must reconnect, not exit"


def test_hung_redis_is_503_after_the_time_limit(
    outage_stack: tuple[Stack, RedisServer], web: PodcastWeb, slug: str
) -> None:
    stack, server = outage_stack
    ep = publish(web, slug)
    with httpx.Client(base_url=stack.base, timeout=COMMAND_TIMEOUT_S + 10) as client:
        cached = wait_done(client, client.post("/v1/lookups", json={"url": ep.page_url}).json()["id"])
        episode_path = f"/v1/episodes/{cached['episodeId']}"
        server.pause()
        try:
            for method, path, body in [
                ("GET", episode_path, None),
                ("POST", "/v1/lookups", {"url": ep.page_url}),
                ("GET", "/readyz", None),
            ]:
                started = time.monotonic()
                response = client.request(method, path, json=body)
                elapsed = time.monotonic() - started
                assert response.status_code == 503, (path, response.text)
                assert response.json()["code"] == "cache_unavailable"
                assert COMMAND_TIMEOUT_S * 0.9 <= elapsed < COMMAND_TIMEOUT_S + HANG, (path, elapsed)
            # a pipeline gives up too: the scrape answers, with unknown queue depths
            scrape = client.get("/metrics")
            assert scrape.status_code == 200 and 'podgist_queue_jobs{queue="lookup"} NaN' in scrape.text
        finally:
            server.resume()
        assert client.get(episode_path).status_code == 200  # the same process, recovered


@dataclass
class Answer:
    path: str
    sent: float
    took: float
    status: int  # 0: no HTTP answer at all
    code: str | None = None
    retry_after: str | None = None

    @property
    def done(self) -> float:
        return self.sent + self.took


async def ask(http: httpx.AsyncClient, method: str, path: str, body: object = None) -> Answer:
    sent = time.monotonic()
    try:
        response = await http.request(method, path, json=body)
    except httpx.TransportError:
        return Answer(path, sent, time.monotonic() - sent, 0)
    code = response.json().get("code") if response.status_code >= 400 else None
    retry_after = response.headers.get("retry-after")
    return Answer(path, sent, time.monotonic() - sent, response.status_code, code, retry_after)


async def traffic(http: httpx.AsyncClient, calls: list[Call], stop: asyncio.Event, n: int) -> list[Answer]:
    """One client's back-to-back requests, cycling through ``calls``, until ``stop``."""
    answers = []
    while not stop.is_set():
        answers.append(await ask(http, *calls[n % len(calls)]))
        n += 1
    return answers


async def test_redis_stopped_mid_traffic(
    outage_stack: tuple[Stack, RedisServer], web: PodcastWeb, slug: str
) -> None:
    stack, server = outage_stack
    ep, slow = publish(web, slug), publish(web, f"{slug}-slow", transcript_kw={"delay": 10.0})
    before, began = pids(stack), time.time()
    async with httpx.AsyncClient(base_url=stack.base, timeout=10) as http:
        first = (await http.post("/v1/lookups", json={"url": ep.page_url})).json()
        cached = await follow(http, first)
        assert cached["status"] == "done", cached
        running = (await http.post("/v1/lookups", json={"url": slow.page_url})).json()
        while (await http.get(running["statusUrl"])).json()["status"] != "fetching":
            await asyncio.sleep(0.02)
        # a client holding ?wait= on the running lookup when Redis goes
        held = asyncio.create_task(ask(http, "GET", f"{running['statusUrl']}?wait=20"))
        calls: list[Call] = [
            ("POST", "/v1/lookups", {"url": ep.page_url}),
            ("GET", f"/v1/episodes/{cached['episodeId']}", None),
            ("GET", first["statusUrl"], None),
            ("GET", "/readyz", None),
        ]
        stop = asyncio.Event()
        clients = [asyncio.create_task(traffic(http, calls, stop, n)) for n in range(CLIENTS)]
        await asyncio.sleep(0.5)
        stopping = time.monotonic()
        await asyncio.to_thread(server.stop)
        down = time.monotonic()
        await asyncio.sleep(1.5)
        starting = time.monotonic()
        await asyncio.to_thread(server.start)
        while (await ask(http, "GET", "/readyz")).status != 200:
            assert time.monotonic() - starting < 15, "API did not recover"
        ready = time.monotonic()
        await asyncio.sleep(0.5)
        stop.set()
        answers = [a for c in clients for a in await c]
        # The cached episode went with Redis' data: asked again, it is looked up again, to the end, by
        # the same worker, although that worker is still busy with the slow job it had when Redis went.
        again = await follow(http, (await http.post("/v1/lookups", json={"url": ep.page_url})).json())
        assert again["status"] == "done" and again["episodeId"] == cached["episodeId"], again
        assert time.monotonic() - ready < RESUME_WITHIN, "the worker took no new job after the outage"
        still_slow = await http.get(f"/v1/episodes/{episode_id_of(slow)}")
        assert still_slow.status_code == 404 and web.hits[slow.paths["transcript"]] == 1  # it still runs
        assert (await http.get(f"/v1/episodes/{cached['episodeId']}")).status_code == 200
        answer = await held
    assert answer.status == 503 and answer.code == "cache_unavailable", answer
    assert answer.done - down < HANG, answer  # answered at its next re-read, not held for its 20 s
    assert [a for a in answers if a.status == 0] == []  # the API never dropped a connection
    assert [a for a in answers if a.took >= HANG] == [], (stopping, down, starting, ready)
    assert {a.status for a in answers if a.done < stopping} == {200}
    outage = [a for a in answers if a.sent > down and a.done < starting]
    assert len(outage) > 20, len(outage)  # traffic kept coming while Redis was down…
    assert {(a.status, a.code, a.retry_after) for a in outage} == {(503, "cache_unavailable", "1")}
    # the API's own clock: every refusal took well under a second (the held request aside; probes are
    # logged at DEBUG, so not counted)
    refused = [e for e in served(stack, began) if e["status"] == 503 and e["path"] != running["statusUrl"]]
    assert len(refused) >= len([a for a in outage if a.path != "/readyz"])
    assert max(e["duration"] for e in refused) < WITHIN
    # …and once Redis answers again, so does everything (the cache starts empty: 202s and 404s)
    after = [a.status for a in answers if a.sent > ready]
    assert after and set(after) <= {200, 202, 404}, after
    assert pids(stack) == before, "API and worker must reconnect, not exit"
