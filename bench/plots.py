"""PNG plots for bench/results.md, drawn from the benches' JSON: the cached-lookup latency histogram,
throughput and p99 against connections, and API memory against lookups served."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display on servers and CI
import matplotlib.pyplot as plt
import numpy as np

COLORS = {"ours": "tab:blue", "baseline": "tab:orange"}
LABELS = {"ours": "podgist api", "baseline": "bare Litestar + Redis"}


def make_plots(docs: dict[str, dict[str, Any]], folder: Path) -> list[Path]:
    """Draw every plot the available results allow; returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()  # a plot from an earlier run must not sit next to this run's table
    made = []
    cached = docs.get("cached_lookup", {})
    if cached.get("series"):
        made.append(latency_histogram(cached, folder / "cached_latency_histogram.png"))
        made.append(throughput(cached, folder / "cached_throughput_vs_connections.png"))
    memory = docs.get("api_memory", {})
    if memory.get("runs"):
        made.append(api_memory(memory, folder / "api_memory.png"))
    return made


def latency_histogram(doc: dict[str, Any], path: Path) -> Path:
    conns = doc["histogram_connections"]
    series = doc["series"]
    fig, axes = plt.subplots(1, len(series), figsize=(6 * len(series), 4), squeeze=False)
    for ax, (target, sides) in zip(axes[0], series.items(), strict=True):
        samples = {}
        for who, points in sides.items():
            point = next((p for p in points if p["connections"] == conns and p.get("hist")), None)
            if point:
                pairs = np.array(point["hist"], dtype=float)
                samples[who] = (pairs[:, 0] / 1000, pairs[:, 1], point)
        if not samples:
            continue
        top = max(_quantile(v, w, 0.995) for v, w, _ in samples.values())
        bins = np.linspace(0, top, 60)
        for who, (values, weights, point) in samples.items():
            share = weights / weights.sum() * 100
            ax.hist(
                values,
                bins=bins,
                weights=share,
                histtype="step",
                lw=1.8,
                color=COLORS[who],
                label=LABELS[who],
            )
            for q, style in (("p50_ms", "-"), ("p99_ms", ":")):
                ax.axvline(point[q], color=COLORS[who], ls=style, lw=1)
        ax.set(title=f"{target}, {conns} connections", xlabel="latency (ms); lines: p50 solid, p99 dotted")
        ax.set_ylabel("% of requests")
        ax.legend()
    fig.suptitle("Cached lookups: latency distribution (wrk, every request)")
    return _save(fig, path)


def throughput(doc: dict[str, Any], path: Path) -> Path:
    fig, (rps_ax, p99_ax) = plt.subplots(1, 2, figsize=(12, 4))
    for target, sides in doc["series"].items():
        style = "-" if target.startswith("GET") else "--"
        for who, points in sides.items():
            conns = [p["connections"] for p in points]
            label = f"{LABELS[who]}: {target}"
            rps_ax.plot(conns, [p["rps"] for p in points], style, marker="o", color=COLORS[who], label=label)
            p99_ax.plot(
                conns, [p["p99_ms"] for p in points], style, marker="o", color=COLORS[who], label=label
            )
    ticks = sorted({p["connections"] for sides in doc["series"].values() for s in sides.values() for p in s})
    for ax, ylabel in ((rps_ax, "requests/s"), (p99_ax, "p99 latency (ms)")):
        ax.set_xscale("log", base=2)
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.set(xlabel="concurrent connections", ylabel=ylabel)
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    rps_ax.set_ylim(top=rps_ax.get_ylim()[1] * 1.35)  # headroom for the legend above the lines
    rps_ax.legend(fontsize=8, loc="upper center", ncol=2)
    fig.suptitle("Cached lookups: throughput and p99 against connections (one API process)")
    return _save(fig, path)


def api_memory(doc: dict[str, Any], path: Path) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))
    for who, run in doc["runs"].items():
        points = run["points"]
        ax.plot(
            [p["requests"] for p in points],
            [p["rss_mb"] for p in points],
            marker="o",
            color=COLORS[who],
            label=LABELS[who],
        )
    ax.set(xlabel="cached lookups served", ylabel="RSS (MB)", title="API process memory under load")
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend()
    return _save(fig, path)


def _quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    return float(values[order][np.searchsorted(cumulative, q)])


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
