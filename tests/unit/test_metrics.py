"""The request metrics kept as plain numbers come out as the same Prometheus series as before."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from api.metrics import RequestMetrics


def scrape(metrics: RequestMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    registry = CollectorRegistry()
    registry.register(metrics)
    text = generate_latest(registry).decode()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_requests_latencies_cache_results_and_in_flight() -> None:
    metrics = RequestMetrics()
    metrics.record("GET", "/v1/episodes/{episode_id}", 200, 0.005)  # on a bucket bound: counted in it
    metrics.record("GET", "/v1/episodes/{episode_id}", 200, 0.0051)
    metrics.record("GET", "/v1/episodes/{episode_id}", 304, 0.001)
    metrics.record("POST", "/v1/lookups", 200, 0.002)
    metrics.record("POST", "/v1/lookups", 202, 0.003)
    metrics.record("POST", "/v1/lookups", 202, 75.0)  # past the last bound: only in +Inf
    metrics.record("POST", "/v1/lookups", 422, 0.001)  # neither a hit nor a miss
    metrics.in_flight = 2
    got = scrape(metrics)

    episode = (("method", "GET"), ("route", "/v1/episodes/{episode_id}"))
    assert got[("podgist_http_requests_total", (*episode, ("status", "200")))] == 2
    assert got[("podgist_http_requests_total", (*episode, ("status", "304")))] == 1
    assert got[("podgist_http_request_duration_seconds_bucket", (("le", "0.005"), *episode))] == 2
    assert got[("podgist_http_request_duration_seconds_bucket", (("le", "0.01"), *episode))] == 3
    assert got[("podgist_http_request_duration_seconds_count", episode)] == 3
    assert abs(got[("podgist_http_request_duration_seconds_sum", episode)] - 0.0111) < 1e-9

    lookups = (("method", "POST"), ("route", "/v1/lookups"))
    assert got[("podgist_http_request_duration_seconds_bucket", (("le", "60.0"), *lookups))] == 3
    assert got[("podgist_http_request_duration_seconds_bucket", (("le", "+Inf"), *lookups))] == 4
    assert got[("podgist_lookup_cache_total", (("result", "hit"),))] == 1
    assert got[("podgist_lookup_cache_total", (("result", "miss"),))] == 2
    assert got[("podgist_http_requests_in_flight", ())] == 2
