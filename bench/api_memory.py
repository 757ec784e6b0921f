"""API memory under load: RSS of the `podgist api` process idle, then after rounds of cached lookups at high
concurrency (wrk), against the bare Litestar+Redis handler of bench/baseline_app.py under the same load.

Both serve the same 74-minute episode from the same Valkey. RSS and peak RSS (VmHWM) are read from
/proc/PID/status after each round. Whether memory keeps climbing (a leak) or has levelled off (buffers and
caches warmed up) is read from the peak over the last third of the rounds (~30,000 requests, so a leak of
~70 bytes a request shows): RSS itself swings by tens of MB with the garbage collector's full collections
at this request rate, and the peak can still step up once or twice while the heap warms up, but after
that it stays put unless something grows.

Usage: python bench/api_memory.py [--rounds 10] [--seconds 6] [--connections 256] [--quick]
Target: after load ≤ 2× idle RSS, and the peak grows ≤ 2 MB over the last third of the rounds.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from cached_lookup import BASELINE_KEY, PAGE_URL, build_episode, seed
from common import (
    REPO,
    Row,
    WrkMissing,
    free_port,
    podgist_env,
    process,
    ratio,
    server_version,
    valkey,
    versions,
    write_results,
    wrk,
)


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, peak RSS) of a process in MB, from /proc (Linux)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024  # kB
    return fields["VmRSS"], fields["VmHWM"]


def load(pid: int, url: str, body: str, rounds: int, seconds: float, conns: int) -> dict[str, Any]:
    """Idle RSS, then RSS after each round of POST /lookup (cached) at ``conns`` connections."""
    time.sleep(1.0)  # settle after start-up
    idle, _ = memory_mb(pid)
    points, served, errors = [{"requests": 0, "rss_mb": idle}], 0, 0
    for _ in range(rounds):
        result = wrk(url, connections=conns, seconds=seconds, method="POST", body=body)
        served += int(result["requests"])
        errors += int(result["errors"]) + int(result["non2xx"])
        rss, peak = memory_mb(pid)
        points.append({"requests": served, "rss_mb": rss, "peak_mb": peak, "rps": result["rps"]})
    return {"idle_mb": idle, "points": points, "peak_mb": memory_mb(pid)[1], "errors": errors}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--quick", action="store_true", help="2 rounds of 2 s")
    args = parser.parse_args()
    rounds, seconds = (2, 2.0) if args.quick else (args.rounds, args.seconds)
    context = (
        f"POST /v1/lookups (cached), {args.connections} connections, {rounds} rounds of {seconds:g} s; "
        + versions("litestar", "uvicorn")
    )
    if not Path("/proc/self/status").exists():
        write_results("api_memory", [], context=context, skipped="needs /proc (Linux) to read RSS")
        return 0
    body = json.dumps({"url": PAGE_URL})
    results: dict[str, dict[str, Any]] = {}
    try:
        with valkey() as redis_url:
            asyncio.run(seed(redis_url, build_episode()))
            ours, base = free_port(), free_port()
            # production defaults, as in bench/cached_lookup.py: access log at INFO, rate limiter counting
            env = podgist_env(
                redis_url, ours, PODGIST_PUBLIC_RATE_PER_MINUTE="1000000000", PODGIST_LOG_LEVEL="INFO"
            )
            api = [sys.executable, "-m", "podgist_cli.main", "api"]
            bare = [
                sys.executable,
                str(REPO / "bench" / "baseline_app.py"),
                str(base),
                redis_url,
                BASELINE_KEY,
            ]
            # one server at a time, so each has both CPUs with wrk and Valkey, as in production
            with process(api, env, f"http://127.0.0.1:{ours}/healthz") as proc:
                url = f"http://127.0.0.1:{ours}/v1/lookups"
                results["ours"] = load(proc.pid, url, body, rounds, seconds, args.connections)
            with process(bare, None, f"http://127.0.0.1:{base}/x") as proc:
                url = f"http://127.0.0.1:{base}/lookup"
                results["baseline"] = load(proc.pid, url, body, rounds, seconds, args.connections)
            context += f"; {server_version(redis_url)}"
    except WrkMissing as exc:
        write_results("api_memory", [], context=context, skipped=str(exc))
        return 0
    write_results(
        "api_memory", rows(results["ours"], results["baseline"]), {"runs": results}, context=context
    )
    return 0


def rows(ours: dict[str, Any], base: dict[str, Any]) -> list[Row]:
    def row(metric: str, a: float, b: float, target: str = "") -> Row:
        return {"metric": metric, "ours": a, "baseline": b, "ratio": ratio(a, b), "target": target}

    def after(run: dict[str, Any]) -> float:
        return float(run["points"][-1]["rss_mb"])

    def late_growth(run: dict[str, Any]) -> float:
        points = run["points"]  # the idle point, then one per round
        last_third = max(1, (len(points) - 1) // 3)
        return float(points[-1]["peak_mb"] - points[-1 - last_third]["peak_mb"])

    served = int(ours["points"][-1]["requests"])
    return [
        row("RSS idle MB", ours["idle_mb"], base["idle_mb"]),
        row(f"RSS after {served:,} cached lookups MB", after(ours), after(base)),
        row("peak RSS (VmHWM) MB", ours["peak_mb"], base["peak_mb"]),
        row("RSS after load / idle", after(ours) / ours["idle_mb"], after(base) / base["idle_mb"], "≤ 2x"),
        # no ratio: growth is near zero once memory levels off
        {"metric": "peak RSS growth, last third of the rounds MB", "ours": late_growth(ours)}
        | {"baseline": late_growth(base), "target": "≤ 2 MB"},
        row("lookups served (all rounds)", served, base["points"][-1]["requests"]),
        {"metric": "errors+non2xx", "ours": ours["errors"], "baseline": base["errors"], "target": "0"},
    ]


if __name__ == "__main__":
    raise SystemExit(main())
