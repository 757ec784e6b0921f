"""Cached reads: `GET /v1/episodes/{id}` and a cached `POST /v1/lookups` against a bare Litestar handler
that returns the same bytes from one Redis GET — same server (uvicorn, one process), same Redis, same run.

Usage: python bench/cached_lookup.py [--seconds 5] [--connections 8,32,128] [--quick]
Target: ≥ 0.8× the bare handler's requests/s, p99 ≤ 10 ms at 32 connections (2 cores).
Also saves every point (for the throughput plot) and the full latency histogram at 32 connections.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from typing import Any

from common import (
    CORPUS,
    REPO,
    Row,
    WrkMissing,
    free_port,
    podgist_env,
    process,
    server_version,
    valkey,
    versions,
    write_results,
    wrk,
)
from redis.asyncio import Redis

from podgist.insights.extractive import extractive_insights
from podgist.insights.versions import extractive_tag
from podgist.models import Episode, LookupRequest, Transcript
from podgist.sources import request_alias
from podgist.store import Store
from podgist.transcripts import normalize, parse_transcript

PAGE_URL = "https://example.com/show/episodes/534"
BASELINE_KEY = "bench:episode"


def build_episode() -> Episode:
    """A realistic 74-minute episode: the corpus's publisher VTT, normalized, with extractive insights."""
    path = CORPUS / "long" / "talkpython-534-diskcache.vtt"
    segments = normalize(parse_transcript(path.read_bytes(), content_type="text/vtt").segments)
    insights = extractive_insights(segments, title="Talk Python 534")
    return Episode(
        id="ep_bench534",
        title="Talk Python 534",
        show="Talk Python To Me",
        transcript=Transcript(source="publisher:vtt", segments=segments),
        page_url=PAGE_URL,
        insights=insights,
    )


async def seed(redis_url: str, episode: Episode) -> int:
    redis = Redis.from_url(redis_url)
    raw = await Store(redis, lookup_ttl=3600).save_episode(
        episode, [request_alias(LookupRequest(url=PAGE_URL))], extractive_tag()
    )
    await redis.set(BASELINE_KEY, raw)
    await redis.aclose()
    return len(raw)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--connections", default="8,32,128")
    parser.add_argument("--quick", action="store_true", help="1 s per point")
    args = parser.parse_args()
    seconds = 1 if args.quick else args.seconds
    conns = [int(c) for c in args.connections.split(",")]
    context = f"{versions('litestar', 'uvicorn', 'redis')}; wrk, 2 threads, {seconds:g} s per point"
    try:
        rows, extra, server = measure(build_episode(), conns, seconds)
    except WrkMissing as exc:
        write_results("cached_lookup", [], context=context, skipped=str(exc))
        return 0
    write_results(
        "cached_lookup", rows, extra, context=f"{context}; {server}; episode {extra['episode_kb']} KB"
    )
    return 0


HIST_AT = 32  # connections at which the full latency distribution is kept for the histogram


def measure(episode: Episode, conns: list[int], seconds: float) -> tuple[list[Row], dict[str, Any], str]:
    rows: list[Row] = []
    series: dict[str, dict[str, list[dict[str, Any]]]] = {}
    with valkey() as redis_url:
        size = asyncio.run(seed(redis_url, episode))
        ours, base = free_port(), free_port()
        # a limit nobody reaches: the per-IP counter is still hit on every request, as in production
        env = podgist_env(redis_url, ours, PODGIST_PUBLIC_RATE_PER_MINUTE="1000000000")
        body = json.dumps({"url": PAGE_URL})
        api = [sys.executable, "-m", "podgist_cli.main", "api"]
        bare = [sys.executable, str(REPO / "bench" / "baseline_app.py"), str(base), redis_url, BASELINE_KEY]
        with (
            process(api, env, f"http://127.0.0.1:{ours}/healthz"),
            process(bare, None, f"http://127.0.0.1:{base}/x"),
        ):
            targets = {
                "GET episode": (
                    f"http://127.0.0.1:{ours}/v1/episodes/{episode.id}",
                    f"http://127.0.0.1:{base}/episode",
                    "GET",
                ),
                "POST lookup (cached)": (
                    f"http://127.0.0.1:{ours}/v1/lookups",
                    f"http://127.0.0.1:{base}/lookup",
                    "POST",
                ),
            }
            for ours_url, base_url, method in targets.values():  # warm both servers up
                wrk(ours_url, connections=8, seconds=1, method=method, body=body)
                wrk(base_url, connections=8, seconds=1, method=method, body=body)
            for name, (ours_url, base_url, method) in targets.items():
                points = series.setdefault(name, {"ours": [], "baseline": []})
                for i, c in enumerate(conns):
                    keep = c == HIST_AT
                    # alternate who goes first so neither always runs on a warmer (or busier) machine
                    order = [(ours_url, "ours"), (base_url, "baseline")][:: 1 if i % 2 == 0 else -1]
                    got = {}
                    for url, who in order:
                        got[who] = wrk(
                            url, connections=c, seconds=seconds, method=method, body=body, histogram=keep
                        )
                        points[who].append({"connections": c, **got[who]})
                    rows += _rows(f"{name} c={c}", got["ours"], got["baseline"], c)
        server = server_version(redis_url)
    return (
        rows,
        {"episode_kb": round(size / 1024), "series": series, "histogram_connections": HIST_AT},
        server,
    )


def _rows(label: str, ours: dict[str, float], base: dict[str, float], conns: int) -> list[Row]:
    target_p99 = "≤ 10 ms" if conns == 32 else ""
    return [
        {
            "metric": f"{label} req/s",
            "ours": ours["rps"],
            "baseline": base["rps"],
            "ratio": ours["rps"] / base["rps"],
            "target": "≥ 0.80x",
        },
        {
            "metric": f"{label} p50 ms",
            "ours": ours["p50_ms"],
            "baseline": base["p50_ms"],
            "ratio": ours["p50_ms"] / base["p50_ms"],
            "target": "",
        },
        {
            "metric": f"{label} p99 ms",
            "ours": ours["p99_ms"],
            "baseline": base["p99_ms"],
            "ratio": ours["p99_ms"] / base["p99_ms"],
            "target": target_p99,
        },
        {
            "metric": f"{label} errors+non2xx",
            "ours": ours["errors"] + ours["non2xx"],
            "baseline": base["errors"] + base["non2xx"],
            "target": "0",
        },
    ]


if __name__ == "__main__":
    raise SystemExit(main())
