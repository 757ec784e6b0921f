"""Collect bench/out/*.json into bench/results.md: one table (metric | ours | baseline | ratio | target), a
context line per bench, and the plots from bench/plots.py.

    python bench/report.py        # rebuild the report from the last run's JSON files
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from common import BENCH, OUT, fmt, fmt_ratio

RESULTS = BENCH / "results.md"
TITLES = {
    "parse_speed": "Transcript parsing vs webvtt-py / srt",
    "redis_memory": "Redis memory per cached episode (baseline: the episode's JSON)",
    "insights_speed": "Insights speed vs sumy LexRank",
    "insights_quality": "Summary quality (ROUGE) vs sumy LexRank / TextRank",
    "cold_lookup": "Cold lookup: new URL → done",
    "dedupe": "Dedupe: concurrent lookups of one new URL (baseline: no dedupe)",
    "cached_lookup": "Cached lookups vs a bare Litestar + Redis handler",
    "api_memory": "API memory under load vs the bare handler",
    "asr_speed": "Speech-to-text (faster-whisper tiny.en)",
}


def machine_line() -> str:
    """CPU model and count, memory, OS and Python: what the figures were measured on."""
    model, mem_gb = platform.processor() or platform.machine(), 0.0
    cpuinfo, meminfo = Path("/proc/cpuinfo"), Path("/proc/meminfo")
    if cpuinfo.exists():
        names = [ln.split(":", 1)[1].strip() for ln in cpuinfo.read_text().splitlines() if "model name" in ln]
        model = names[0] if names else model
    if meminfo.exists():
        mem_gb = int(meminfo.read_text().split()[1]) / 2**20
    return (
        f"{os.cpu_count()} CPUs ({model}), {mem_gb:.1f} GB RAM, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def load_docs(names: list[str]) -> dict[str, dict[str, Any]]:
    docs = {}
    for name in names:
        path = OUT / f"{name}.json"
        if path.exists():
            docs[name] = json.loads(path.read_text())
    return docs


def table(statuses: dict[str, dict[str, Any]], docs: dict[str, dict[str, Any]]) -> str:
    lines = ["| metric | ours | baseline | ratio | target |", "|---|--:|--:|--:|---|"]
    for name, status in statuses.items():
        doc = docs.get(name, {})
        took = f"; took {status['seconds']:.0f} s" if "seconds" in status else ""
        context = doc.get("context", "")
        lines.append(f"| **{TITLES.get(name, name)}** · {_cell(context)}{took} | | | | |")
        if "failed" in status:
            lines.append(f"| FAILED: {_cell(str(status['failed']))} | | | | |")
        if doc.get("skipped"):
            lines.append(f"| skipped: {_cell(doc['skipped'])} | | | | |")
        for row in doc.get("rows", []):
            cells = [
                _cell(row["metric"].strip()),
                fmt(row.get("ours")),
                fmt(row.get("baseline")),
                fmt_ratio(row.get("ratio")),
                _cell(row.get("target", "")),
            ]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def build_report(
    statuses: dict[str, dict[str, Any]], *, quick: bool, seconds: float, only: list[str] | None = None
) -> str:
    """Write bench/results.md (and the plots); returns the table as printed. ``only`` names the benches
    of a partial run (``--only``), so the report never passes itself off as the full set."""
    docs = load_docs(list(statuses))
    from plots import make_plots

    try:
        images = make_plots(docs, BENCH / "results")
    except ImportError as exc:  # matplotlib is in the bench extra; without it the table still stands
        images, plot_note = [], f"plots skipped: {exc} (scripts/setup asr,test,bench)"
    else:
        plot_note = ""
    body = table(statuses, docs)
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    mode = "quick smoke run (`bench/run --quick`): small sizes, not for sizing" if quick else "full run"
    if only:
        mode = f"partial {mode.split(' (')[0]} (`--only {','.join(only)}`)"
    parts = [
        "# Benchmark results",
        "",
        f"`bench/run`, {mode}, {when}, took {seconds / 60:.1f} min. Machine: {machine_line()}.",
        "",
        "Every baseline was measured in the same run on the same machine. **ratio = ours ÷ baseline** "
        "(for times and memory lower is better; for requests/s, real-time factor and ROUGE higher is "
        "better). The machine is shared (load average in each context line), so absolute figures are noisy; "
        "the same-run ratios are the comparable numbers.",
        "",
        body,
    ]
    if images or plot_note:
        parts += ["", "## Plots", ""]
        parts += [f"![{img.stem}](results/{img.name})" for img in images] or [plot_note]
    RESULTS.write_text("\n".join(parts) + "\n")
    return body


if __name__ == "__main__":
    run = json.loads((OUT / "run.json").read_text())
    print(build_report(run["benches"], quick=run["quick"], seconds=run["seconds"], only=run.get("only")))
