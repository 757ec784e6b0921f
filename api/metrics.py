"""The API's Prometheus metrics and the ``GET /metrics`` endpoint that serves them.

Requests are counted by route *template* (``/v1/lookups/{lookup_id}``), never by raw path, so the number
of series stays bounded. Queue depths are read from Redis at scrape time: every API replica reports the
same figure, so dashboards and autoscalers take ``max`` across replicas (see ``deploy/k8s``).
"""

from __future__ import annotations

import functools
import logging
import math
import time

from litestar import MediaType, Response, get
from litestar.datastructures import State
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from redis.asyncio import Redis
from redis.exceptions import RedisError

from podgist.settings import Settings

log = logging.getLogger("podgist.api")

UNMATCHED = "<unmatched>"
"""The route label of requests that matched no route (404s for arbitrary paths)."""

REQUESTS = Counter(
    "podgist_http_requests_total",
    "HTTP requests answered, by method, route template and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "podgist_http_request_duration_seconds",
    "Time from request start to the end of the response body, by method and route template. "
    "Long-polls (?wait=) are held on purpose and land in the upper buckets.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60),
)
IN_FLIGHT = Gauge("podgist_http_requests_in_flight", "Requests being served right now.")
LOOKUP_CACHE = Counter(
    "podgist_lookup_cache_total",
    "POST /v1/lookups answered from the cache (hit: 200) or queued/joined as a lookup (miss: 202).",
    ["result"],
)
QUEUE_JOBS = Gauge(
    "podgist_queue_jobs",
    "Jobs on an arq queue (waiting, deferred or running), read from Redis at scrape time.",
    ["queue"],
)
QUEUE_DUE = Gauge(
    "podgist_queue_due_jobs",
    "Jobs on an arq queue that are due now (waiting or running; not deferred), read at scrape time. "
    "The workers' autoscaling signal.",
    ["queue"],
)

LOOKUPS_ROUTE = "/v1/lookups"


@functools.cache
def _series(method: str, route: str, status: int) -> tuple[Counter, Histogram, Counter | None]:
    # labels() takes a lock and builds a key on every call; the label sets are few (route templates),
    # so each request's series are looked up once and kept.
    cache = None
    if method == "POST" and route == LOOKUPS_ROUTE and status in (200, 202):
        cache = LOOKUP_CACHE.labels("hit" if status == 200 else "miss")
    return REQUESTS.labels(method, route, str(status)), LATENCY.labels(method, route), cache


def record_request(method: str, route: str, status: int, seconds: float) -> None:
    """Count one answered request (called by the request middleware once the response is sent)."""
    requests, latency, cache = _series(method, route, status)
    requests.inc()
    latency.observe(seconds)
    if cache is not None:
        cache.inc()


async def read_queue_depths(redis: Redis, settings: Settings) -> None:
    """Set the queue gauges from Redis: arq keeps each queue as a sorted set scored by due time (ms)."""
    queues = {"lookup": settings.queue_name, "asr": settings.asr_queue_name}
    now_ms = int(time.time() * 1000)
    try:
        async with redis.pipeline(transaction=False) as pipe:
            for name in queues.values():
                pipe.zcard(name)
                pipe.zcount(name, "-inf", now_ms)
            counts = await pipe.execute()
    except (RedisError, OSError) as exc:
        # NaN rather than the last value: an autoscaler must not act on a stale number
        log.warning("queue depth unavailable", extra={"error": str(exc)})
        counts = [math.nan] * (2 * len(queues))
    for index, label in enumerate(queues):
        QUEUE_JOBS.labels(label).set(counts[2 * index])
        QUEUE_DUE.labels(label).set(counts[2 * index + 1])


@get("/metrics", include_in_schema=False)
async def metrics(state: State) -> Response[bytes]:
    """Prometheus text exposition of this API process (and the queue depths, fresh from Redis)."""
    await read_queue_depths(state["redis"], state["settings"])
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST or MediaType.TEXT)
