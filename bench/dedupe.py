"""Dedupe: many concurrent lookups of one new URL must make one job and one fetch of each upstream resource.

Per round, ``--clients`` (500) clients POST /v1/lookups for the same never-seen episode page, each on its
own open connection, then follow their lookup to done: half at once, half while the job finishes (timed
through the fixture server, see bench/herd.py). Each of ``--rounds`` (3) rounds uses a new URL; the table
shows the worst round. Two workers poll the queue, so a second job would be picked up if one were enqueued.
Everything is counted at the real parts:

- jobs enqueued = ZADDs Valkey executed (``INFO commandstats``): arq puts a job on its queue with one ZADD
  and skips it when a job of that id already exists; nothing else on the lookup path writes a sorted set;
- jobs run = ``podgist_jobs_total`` scraped from both workers' metrics ports;
- upstream fetches = the fixture web server's request count per path (page, feed, transcript, audio).

The baseline column is what no deduplication would cost: one job and one fetch per client.

Usage: python bench/dedupe.py [--clients 500] [--rounds 3] [--quick]
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
    server_info,
    server_version,
    valkey,
    versions,
    write_results,
)
from herd import waves

from tests.episodes import publish

PAGE_DELAY = 1.0


def jobs_run(ports: list[int]) -> int:
    """Lookup jobs the workers ran, any outcome, from their Prometheus counters."""
    total = 0.0
    for port in ports:
        for line in httpx.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text.splitlines():
            if line.startswith('podgist_jobs_total{function="lookup"'):
                total += float(line.rsplit(" ", 1)[1])
    return int(total)


def server_post_ms(api_base: str) -> float | None:
    """Mean POST /v1/lookups time as the API measured it (its /metrics), without client-side overhead."""
    total = count = 0.0
    for line in httpx.get(f"{api_base}/metrics", timeout=5).text.splitlines():
        if 'method="POST",route="/v1/lookups"' in line:
            if line.startswith("podgist_http_request_duration_seconds_sum"):
                total = float(line.rsplit(" ", 1)[1])
            elif line.startswith("podgist_http_request_duration_seconds_count"):
                count = float(line.rsplit(" ", 1)[1])
    return total / count * 1000 if count else None


def zadds(redis_url: str) -> int:
    return int(server_info(redis_url, "commandstats").get("cmdstat_zadd", {}).get("calls", 0))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="each round looks up a new URL")
    parser.add_argument("--quick", action="store_true", help="100 clients, 1 round")
    args = parser.parse_args()
    clients, rounds = (100, 1) if args.quick else (args.clients, args.rounds)
    web = fixture_web()
    results: list[dict[str, Any]] = []
    with valkey() as redis_url:
        port, metrics = free_port(), [free_port(), free_port()]
        # the per-IP limiter counts every request (as in production): its counter paces the second wave
        env = podgist_env(redis_url, port, PODGIST_PUBLIC_RATE_PER_MINUTE="1000000000")
        api = [sys.executable, "-m", "podgist_cli.main", "api"]
        worker = [sys.executable, "-m", "podgist_cli.main", "worker"]
        with (
            process(api, env, f"http://127.0.0.1:{port}/healthz"),
            process(worker, {**env, "PODGIST_WORKER_METRICS_PORT": str(metrics[0])}, _url(metrics[0])),
            process(worker, {**env, "PODGIST_WORKER_METRICS_PORT": str(metrics[1])}, _url(metrics[1])),
        ):
            time.sleep(1.0)  # let both workers reach the queue
            for r in range(rounds):
                episode = publish(web, f"dedupe-{r}")
                web.routes[episode.paths["page"]].delay = PAGE_DELAY
                queued, ran = zadds(redis_url), jobs_run(metrics)
                statuses, ids, latencies, all_done = asyncio.run(
                    waves(web, episode, port, clients, redis_url)
                )
                time.sleep(0.5)  # let the workers settle their counters
                results.append(
                    {
                        "statuses": statuses,
                        "ids": len({i for i in ids if i and i != "cached"}),
                        "enqueued": zadds(redis_url) - queued,
                        "ran": jobs_run(metrics) - ran,
                        "hits": {name: web.hits[path] for name, path in episode.paths.items()},
                        "latencies": latencies,
                        "all_done": all_done,
                    }
                )
            server_ms = server_post_ms(f"http://127.0.0.1:{port}")
        server = server_version(redis_url)
    web.stop()
    rows = rows_for(clients, results)
    latencies = [t for r in results for t in r["latencies"]]
    rows += [
        {"metric": "POST latency in a burst p50 ms (client)", "ours": statistics.median(latencies) * 1000},
        {"metric": "POST latency in a burst max ms (client)", "ours": max(latencies) * 1000},
        {"metric": "POST time in the API, mean ms (its /metrics)", "ours": server_ms},
        {"metric": "burst start → every client done s (worst)", "ours": max(r["all_done"] for r in results)},
    ]
    for round_ in results:
        del round_["latencies"]
    write_results(
        "dedupe",
        rows,
        {"rounds": results},
        context=f"{clients} clients in two waves per URL, {rounds} URL(s), worst round shown; 2 workers; "
        f"page answers after {PAGE_DELAY} s; {server}; " + versions("arq"),
    )
    return 0


def rows_for(clients: int, results: list[dict[str, Any]]) -> list[Row]:
    def worst(key: str, name: str | None = None) -> int:
        return max(int(r[key][name] if name else r[key]) for r in results)

    answered = min(sum(1 for s in r["statuses"] if s in (200, 202)) for r in results)
    cached = [r["statuses"].count(200) for r in results]
    rows: list[Row] = [
        {"metric": "lookups answered 200/202", "ours": answered, "baseline": clients, "target": f"{clients}"},
        {"metric": "  of which 200 (second wave found it cached)", "ours": "/".join(map(str, cached))},
        {"metric": "distinct lookup ids per URL", "ours": worst("ids"), "baseline": clients, "target": "1"},
        {"metric": "jobs enqueued per URL", "ours": worst("enqueued"), "baseline": clients, "target": "1"},
        {"metric": "jobs run per URL", "ours": worst("ran"), "baseline": clients, "target": "1"},
    ]
    for name in ("page", "feed", "transcript"):
        rows.append(
            {"metric": f"upstream fetches per URL: {name}", "ours": worst("hits", name), "baseline": clients}
            | {"target": "1"}
        )
    rows.append(
        {
            "metric": "upstream fetches per URL: audio",
            "ours": worst("hits", "audio"),
            "baseline": 0,
            "target": "0",
        }
    )
    bad = sum(1 for r in results if r["ran"] > 1 or r["enqueued"] > 1)
    rows.append(
        {"metric": "rounds with more than one job", "ours": f"{bad} of {len(results)}", "target": "0"}
    )
    return rows


def _url(port: int) -> str:
    return f"http://127.0.0.1:{port}/metrics"


if __name__ == "__main__":
    raise SystemExit(main())
