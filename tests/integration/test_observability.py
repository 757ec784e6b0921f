"""Request ids, JSON access and stage logs, and Prometheus metrics, read from real API/worker processes."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from podgist.logs import clean_request_id, clean_traceparent
from tests.episodes import publish
from tests.flow import wait_done
from tests.podcastweb import PodcastWeb
from tests.stack import Stack, free_port

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def samples(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """Every sample of a Prometheus text page, keyed by (name, labels)."""
    return {
        (s.name, frozenset(s.labels.items())): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def value(page: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str) -> float:
    return page.get((name, frozenset(labels.items())), 0.0)


def json_lines(log: str) -> list[dict[str, Any]]:
    lines = []
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict):
            lines.append(entry)
    return lines


@pytest.fixture
def metered(redis_url: str, web: PodcastWeb, slug: str) -> Iterator[tuple[Stack, int]]:
    """A stack of its own (own queue, so no other worker takes its jobs) with worker metrics on."""
    port = free_port()
    running = Stack(
        redis_url,
        web.base,
        PODGIST_QUEUE_NAME=f"podgist:test:{slug}",
        PODGIST_WORKER_METRICS_PORT=str(port),
    )
    yield running, port
    running.stop()


def test_request_ids_are_taken_made_and_returned(client: httpx.Client) -> None:
    given = client.get("/healthz", headers={"x-request-id": "abc-123.X:y"})
    assert given.headers["x-request-id"] == "abc-123.X:y"
    made = client.get("/v1/lookups/lk_missing")
    assert made.status_code == 404
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])
    assert len({client.get("/healthz").headers["x-request-id"] for _ in range(20)}) == 20
    unsafe = client.get("/healthz", headers={"x-request-id": "x" * 200})
    assert unsafe.headers["x-request-id"] != "x" * 200
    assert clean_request_id("has space") != "has space"
    assert clean_traceparent(TRACEPARENT.upper()) == TRACEPARENT
    assert clean_traceparent("00-" + "0" * 32 + "-00f067aa0ba902b7-01") is None
    assert clean_traceparent("garbage") is None


def test_api_freezes_its_startup_heap_out_of_the_gc(stack: Stack) -> None:
    # Without the freeze, full collections walk the whole startup heap mid-traffic (the cached-read p99).
    started = [e for e in json_lines(stack.api.log()) if e.get("msg") == "api started"]
    assert started, stack.api.log()[-2000:]
    assert started[0]["gc_frozen_objects"] > 50_000  # modules, routes, schema: ~140,000 objects


def test_metrics_count_requests_by_route_template_and_cache_result(
    client: httpx.Client, web: PodcastWeb, slug: str
) -> None:
    ep = publish(web, slug)
    before = samples(client.get("/metrics").text)
    lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
    assert wait_done(client, lookup["id"])["status"] == "done"
    assert client.post("/v1/lookups", json={"url": ep.page_url}).status_code == 200
    client.get("/no/such/path")
    page = client.get("/metrics")
    assert page.headers["content-type"].startswith("text/plain")
    after = samples(page.text)

    def grew(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    route = "/v1/lookups/{lookup_id}"
    assert grew("podgist_http_requests_total", method="POST", route="/v1/lookups", status="202") == 1
    assert grew("podgist_http_requests_total", method="POST", route="/v1/lookups", status="200") == 1
    assert grew("podgist_http_requests_total", method="GET", route=route, status="200") >= 1
    assert grew("podgist_http_requests_total", method="GET", route="<unmatched>", status="404") == 1
    assert not any(lookup["id"] in dict(labels).get("route", "") for _, labels in after)  # templates only
    assert grew("podgist_http_request_duration_seconds_count", method="POST", route="/v1/lookups") == 2
    assert grew("podgist_lookup_cache_total", result="hit") == 1
    assert grew("podgist_lookup_cache_total", result="miss") == 1


def test_queue_depth_is_read_from_redis_at_scrape_time(client: httpx.Client, redis_url: str) -> None:
    r = redis.Redis.from_url(redis_url)
    queue = "podgist:asr"  # the shared stack runs no speech-to-text worker to drain it
    now_ms = int(time.time() * 1000)
    members = {"obs:due:1": now_ms - 1000, "obs:due:2": now_ms, "obs:later": now_ms + 600_000}
    before = samples(client.get("/metrics").text)
    r.zadd(queue, members)
    try:
        during = samples(client.get("/metrics").text)
    finally:
        r.zrem(queue, *members)
    after = samples(client.get("/metrics").text)

    def asr(page: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str) -> float:
        return value(page, name, queue="asr")

    assert asr(during, "podgist_queue_jobs") - asr(before, "podgist_queue_jobs") == 3
    assert asr(during, "podgist_queue_due_jobs") - asr(before, "podgist_queue_due_jobs") == 2
    assert asr(after, "podgist_queue_jobs") == asr(before, "podgist_queue_jobs")
    assert ("podgist_queue_due_jobs", frozenset({("queue", "lookup")})) in after


def test_request_id_reaches_the_job_logs_and_worker_metrics(
    metered: tuple[Stack, int], web: PodcastWeb, slug: str
) -> None:
    stack, metrics_port = metered
    ep = publish(web, slug, transcript_kw={"delay": 0.3})
    request_id = f"obs-{slug}"[:100]
    with httpx.Client(base_url=stack.base, timeout=40) as client:
        submitted = client.post(
            "/v1/lookups",
            json={"url": ep.page_url},
            headers={"x-request-id": request_id, "traceparent": TRACEPARENT},
        )
        assert submitted.headers["x-request-id"] == request_id
        lookup_id = submitted.json()["id"]
        assert wait_done(client, lookup_id)["status"] == "done"
    time.sleep(0.3)  # the worker's last lines are flushed after the lookup turns done

    access = [e for e in json_lines(stack.api.log()) if e.get("request_id") == request_id]
    assert len(access) == 1, stack.api.log()[-3000:]
    line = access[0]
    assert line["logger"] == "podgist.access" and line["msg"] == "request"
    assert (line["method"], line["route"], line["status"]) == ("POST", "/v1/lookups", 202)
    assert isinstance(line["duration"], float) and line["duration"] >= 0
    assert line["trace_id"] == TRACEPARENT.split("-")[1]

    worker_lines = [e for e in json_lines(stack.workers[0].log()) if e.get("request_id") == request_id]
    stages = [e for e in worker_lines if e["msg"] == "stage finished"]
    assert {e["lookup"] for e in stages} == {lookup_id}
    assert [e["stage"] for e in stages][-3:] == ["resolving", "fetching", "analyzing"]
    assert all(isinstance(e["duration"], float) for e in stages)
    fetching = next(e for e in stages if e["stage"] == "fetching")
    assert fetching["duration"] >= 0.3  # the slow transcript fetch is inside the fetching stage
    assert all(e["trace_id"] == TRACEPARENT.split("-")[1] for e in worker_lines)
    finished = [e for e in worker_lines if e["msg"] == "job finished"]
    assert [(e["function"], e["outcome"]) for e in finished] == [("lookup", "done")]

    page = samples(httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text)
    assert value(page, "podgist_jobs_total", function="lookup", outcome="done") == 1
    assert value(page, "podgist_job_duration_seconds_count", function="lookup", outcome="done") == 1
    assert value(page, "podgist_job_stage_seconds_count", stage="fetching", step="") == 1
    assert value(page, "podgist_job_stage_seconds_sum", stage="fetching", step="") >= 0.3
    assert ("podgist_asr_real_time_factor_count", frozenset()) in page
