"""Run every benchmark, each as its own process (standalone, as a person would run it), then write
bench/results.md and the plots in bench/results/ from the JSON the benches leave in bench/out/.

    bench/run [--quick] [--only cached_lookup,dedupe]

A bench that fails or times out still gets a line in the report (with the tail of its output), so one
broken bench never hides the others' figures.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from common import BENCH, OUT, REPO
from report import build_report

# (name, seconds allowed for a full run, for --quick). Cheapest first: a smoke run fails fast.
BENCHES: list[tuple[str, int, int]] = [
    ("parse_speed", 300, 120),
    ("redis_memory", 300, 120),
    ("insights_speed", 900, 300),
    ("insights_quality", 1800, 300),
    ("cold_lookup", 600, 180),
    ("dedupe", 600, 180),
    ("cached_lookup", 900, 300),
    ("api_memory", 600, 180),
    ("asr_speed", 1800, 600),
]


def run_one(name: str, quick: bool, timeout: int) -> dict[str, object]:
    """Run bench/NAME.py, echoing its output and keeping it in bench/out/logs/NAME.log."""
    log = OUT / "logs" / f"{name}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, str(BENCH / f"{name}.py"), *(["--quick"] if quick else [])]
    print(f"\n=== {name}: {' '.join(Path(c).name if '/' in c else c for c in cmd)}", flush=True)
    started = time.monotonic()
    timed_out = threading.Event()
    with log.open("w") as sink:
        # its own process group, so a timeout also stops the servers the bench started (and nothing else)
        proc = subprocess.Popen(
            cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True
        )

        def stop() -> None:
            timed_out.set()
            os.killpg(proc.pid, signal.SIGTERM)
            time.sleep(10)
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)

        watchdog = threading.Timer(timeout, stop)
        watchdog.daemon = True
        watchdog.start()
        assert proc.stdout is not None
        for line in proc.stdout:  # echo as it comes: long benches show progress
            sys.stdout.write(line)
            sink.write(line)
        rc = proc.wait()
        watchdog.cancel()
    seconds = time.monotonic() - started
    status: dict[str, object] = {"seconds": round(seconds, 1), "rc": rc}
    if rc != 0 or timed_out.is_set() or not (OUT / f"{name}.json").exists():
        tail = log.read_text(errors="replace").strip().splitlines()[-6:]
        reason = f"timed out after {timeout} s" if timed_out.is_set() else f"exit code {rc}"
        status["failed"] = f"{reason}; see bench/out/logs/{name}.log: " + " | ".join(tail)
    return status


def main() -> int:
    parser = argparse.ArgumentParser(description="Run every benchmark and write bench/results.md.")
    parser.add_argument("--quick", action="store_true", help="a fast smoke run (small sizes, short loads)")
    parser.add_argument("--only", default="", help="comma-separated bench names (default: all)")
    args = parser.parse_args()
    wanted = [n for n in args.only.split(",") if n]
    unknown = set(wanted) - {name for name, _, _ in BENCHES}
    if unknown:
        parser.error(f"unknown bench(es): {', '.join(sorted(unknown))}")
    OUT.mkdir(exist_ok=True)
    started = time.monotonic()
    statuses: dict[str, dict[str, object]] = {}
    for name, full, quick in BENCHES:
        if wanted and name not in wanted:
            continue
        (OUT / f"{name}.json").unlink(missing_ok=True)  # never report a figure from an earlier run
        statuses[name] = run_one(name, args.quick, quick if args.quick else full)
    total = time.monotonic() - started
    run = {"quick": args.quick, "seconds": total, "benches": statuses, "only": wanted}
    (OUT / "run.json").write_text(json.dumps(run))
    table = build_report(statuses, quick=args.quick, seconds=total, only=wanted)
    print("\n" + table)
    print(f"\nbench/run took {total / 60:.1f} min; wrote bench/results.md and bench/results/*.png")
    return 1 if any("failed" in s for s in statuses.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main())
