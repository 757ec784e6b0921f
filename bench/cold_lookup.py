"""Cold lookups: POST → done latency for new episodes served by the fixture podcast web (page → feed →
publisher VTT), through the real API, queue and worker, against two same-run baselines:

- fetch + parse: one GET of the same transcript and ``parse_transcript`` + ``normalize``, in-process on a
  warm connection — the least work any service must do to answer;
- in-process pipeline: resolve (page, feed), fetch + parse the transcript and compute insights with one
  long-lived Fetcher, as the worker does, but with no API, queue, progress writes or cache.

Also reports the mean time per lookup stage from the worker's ``podgist_job_stage_seconds``.

Usage: python bench/cold_lookup.py [--episodes 30] [--quick]     Target: p50 ≤ 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from typing import Any

import httpx
from common import (
    Row,
    fixture_web,
    free_port,
    podgist_env,
    process,
    ratio,
    server_version,
    valkey,
    versions,
    write_results,
)

from podgist.fetch import Fetcher
from podgist.insights.extractive import extractive_insights
from podgist.models import LookupRequest
from podgist.pipeline import assemble_episode, fetch_publisher_transcript
from podgist.settings import Settings
from podgist.sources import SourceContext, resolve
from podgist.transcripts import normalize, parse_transcript
from tests.episodes import publish


def through_api(client: httpx.Client, url: str) -> float:
    """Seconds from POST /v1/lookups to the lookup reported done (following it with ?wait=)."""
    started = time.perf_counter()
    state = client.post("/v1/lookups", json={"url": url}).json()
    while state.get("status") not in ("done", "failed", None):
        state = client.get(state["statusUrl"], params={"wait": 10}).json()
    if state.get("status") == "failed":
        raise RuntimeError(state)
    return time.perf_counter() - started


def fetch_and_parse(client: httpx.Client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    parsed = parse_transcript(response.content, content_type=response.headers.get("content-type"))
    assert normalize(parsed.segments)
    return time.perf_counter() - started


async def pipeline(urls: list[str], settings: Settings) -> list[float]:
    """Seconds for each URL's stages called in-process, one Fetcher for all (as a worker keeps one)."""
    fetcher = Fetcher(settings)
    times = []
    try:
        for url in [urls[0], *urls]:  # the first run warms the connection pool and imports up
            started = time.perf_counter()
            ctx = SourceContext(settings=settings, fetcher=fetcher)
            resolved = await resolve(LookupRequest(url=url), ctx)
            transcript = await fetch_publisher_transcript(resolved, fetcher, settings)
            assert transcript is not None
            episode = assemble_episode(resolved, transcript)
            extractive_insights(episode.transcript.segments, speakers=episode.speakers, title=episode.title)
            times.append(time.perf_counter() - started)
    finally:
        await fetcher.aclose()
    return times[1:]


def stage_means(metrics_url: str) -> dict[str, float]:
    """Mean seconds per lookup stage from the worker's Prometheus histogram."""
    sums: dict[str, float] = {}
    counts: dict[str, float] = {}
    for line in httpx.get(metrics_url, timeout=5).text.splitlines():
        if line.startswith(("podgist_job_stage_seconds_sum{", "podgist_job_stage_seconds_count{")):
            labels, value = line.rsplit(" ", 1)
            stage = labels.split('stage="', 1)[1].split('"', 1)[0]
            target = sums if "_sum{" in labels else counts
            target[stage] = target.get(stage, 0.0) + float(value)
    return {stage: sums[stage] / counts[stage] for stage in sums if counts.get(stage)}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--episodes", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="5 episodes")
    args = parser.parse_args()
    n = 5 if args.quick else args.episodes
    web = fixture_web()
    settings = Settings(allow_private_hosts=True)
    ours: list[float] = []
    direct: list[float] = []
    with valkey() as redis_url:
        port, metrics_port = free_port(), free_port()
        env = podgist_env(redis_url, port, PODGIST_PUBLIC_RATE_PER_MINUTE="0")
        api = [sys.executable, "-m", "podgist_cli.main", "api"]
        worker = [sys.executable, "-m", "podgist_cli.main", "worker"]
        metrics_url = f"http://127.0.0.1:{metrics_port}/metrics"
        worker_env = {**env, "PODGIST_WORKER_METRICS_PORT": str(metrics_port)}
        with (
            process(api, env, f"http://127.0.0.1:{port}/healthz"),
            process(worker, worker_env, metrics_url),
            httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as client,
            httpx.Client(timeout=60) as plain,
        ):
            through_api(client, publish(web, "warmup").page_url)  # imports, connections, first job
            fetch_and_parse(plain, publish(web, "warmup-direct").transcript_url or "")
            for i in range(n):
                episode = publish(web, f"api-{i}")
                direct.append(fetch_and_parse(plain, episode.transcript_url or ""))
                ours.append(through_api(client, episode.page_url))
            stages = stage_means(metrics_url)
        server = server_version(redis_url)
    in_process = asyncio.run(pipeline([publish(web, f"direct-{i}").page_url for i in range(n)], settings))
    web.stop()
    write_results(
        "cold_lookup",
        rows(ours, direct, in_process, stages),
        {"episodes": n, "stage_means_s": stages},
        context=f"{n} new fixture episodes (page → feed → 7-cue VTT), 1 worker; {server}; "
        + versions("arq", "httpx"),
    )
    return 0


def rows(
    ours: list[float], direct: list[float], in_process: list[float], stages: dict[str, float]
) -> list[Row]:
    def ms(values: list[float], q: float) -> float:
        return (statistics.median(values) if q == 50 else statistics.quantiles(values, n=10)[-1]) * 1000

    out: list[Row] = []
    for q in (50, 90):
        a = ms(ours, q)
        out.append(
            {
                "metric": f"cold lookup POST→done p{q} ms (vs fetch+parse)",
                "ours": a,
                "baseline": ms(direct, q),
                "ratio": ratio(a, ms(direct, q)),
                "target": "≤ 300 ms" if q == 50 else "",
            }
        )
    a, b = ms(ours, 50), ms(in_process, 50)
    out.append(
        {
            "metric": "cold lookup p50 ms (vs in-process pipeline)",
            "ours": a,
            "baseline": b,
            "ratio": ratio(a, b),
        }
    )
    order: dict[str, Any] = {"queued": 0, "resolving": 1, "fetching": 2, "analyzing": 3}
    for stage in sorted(stages, key=lambda s: order.get(s, 9)):
        out.append({"metric": f"  worker stage {stage}, mean ms", "ours": stages[stage] * 1000})
    return out


if __name__ == "__main__":
    raise SystemExit(main())
