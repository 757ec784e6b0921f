"""The API's Prometheus metrics and the ``GET /metrics`` endpoint that serves them.

Requests are counted by route *template* (``/v1/lookups/{lookup_id}``), never by raw path, so the number
of series stays bounded. Queue depths are read from Redis at scrape time: every API replica reports the
same figure, so dashboards and autoscalers take ``max`` across replicas (see ``deploy/k8s``).
"""

from __future__ import annotations

import bisect
import itertools
import logging
import math
import time
from collections.abc import Iterator

from litestar import MediaType, Response, get
from litestar.datastructures import State
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, Gauge, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.utils import floatToGoString
from redis.asyncio import Redis
from redis.exceptions import RedisError

from podgist.settings import Settings

log = logging.getLogger("podgist.api")

UNMATCHED = "<unmatched>"
"""The route label of requests that matched no route (404s for arbitrary paths)."""

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60)
LOOKUPS_ROUTE = "/v1/lookups"


class RequestMetrics:
    """Requests answered (by method, route template and status), their durations, and those in flight,
    kept as plain numbers and turned into Prometheus metric families only when scraped.

    Every request is recorded on the event loop's one thread, so prometheus_client's per-value locks
    (five lock round trips a request, ~3 % of a cached read) would guard nothing. The cache hit/miss
    counter is read off the ``POST /v1/lookups`` counts: a 200 there is a hit, a 202 a miss."""

    def __init__(self) -> None:
        self.in_flight = 0
        self._answered: dict[tuple[str, str, int], int] = {}
        self._buckets: dict[tuple[str, str], list[int]] = {}  # per-bucket counts, the last one +Inf
        self._sums: dict[tuple[str, str], float] = {}

    def record(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one answered request (the request middleware calls this once the response is sent)."""
        answered = (method, route, status)
        self._answered[answered] = self._answered.get(answered, 0) + 1
        series = (method, route)
        buckets = self._buckets.get(series)
        if buckets is None:
            buckets = self._buckets[series] = [0] * (len(LATENCY_BUCKETS) + 1)
        buckets[bisect.bisect_left(LATENCY_BUCKETS, seconds)] += 1
        self._sums[series] = self._sums.get(series, 0.0) + seconds

    def describe(self) -> list[Metric]:
        return []  # registered without a trial collection; the names are fixed by collect()

    def collect(self) -> Iterator[Metric]:
        requests = CounterMetricFamily(
            "podgist_http_requests",
            "HTTP requests answered, by method, route template and status code.",
            labels=["method", "route", "status"],
        )
        cache = CounterMetricFamily(
            "podgist_lookup_cache",
            "POST /v1/lookups answered from the cache (hit: 200) or queued/joined as a lookup (miss: 202).",
            labels=["result"],
        )
        cached = {"hit": 0, "miss": 0}
        for (method, route, status), count in sorted(self._answered.items()):
            requests.add_metric([method, route, str(status)], count)
            if method == "POST" and route == LOOKUPS_ROUTE and status in (200, 202):
                cached["hit" if status == 200 else "miss"] += count
        for result, count in cached.items():
            cache.add_metric([result], count)
        latency = HistogramMetricFamily(
            "podgist_http_request_duration_seconds",
            "Time from request start to the end of the response body, by method and route template. "
            "Long-polls (?wait=) are held on purpose and land in the upper buckets.",
            labels=["method", "route"],
        )
        bounds = [*map(floatToGoString, LATENCY_BUCKETS), "+Inf"]
        for series, counts in sorted(self._buckets.items()):
            latency.add_metric(
                list(series), list(zip(bounds, itertools.accumulate(counts), strict=True)), self._sums[series]
            )
        in_flight = GaugeMetricFamily("podgist_http_requests_in_flight", "Requests being served right now.")
        in_flight.add_metric([], self.in_flight)
        yield from (requests, latency, in_flight, cache)


REQUEST_METRICS = RequestMetrics()
REGISTRY.register(REQUEST_METRICS)

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
