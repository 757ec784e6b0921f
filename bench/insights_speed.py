"""Insights speed on the corpus's long transcripts (1.9–2.7 h), one core, against sumy's LexRank.

Ours = every insight (summary, takeaways, quotes, questions, chapters, keywords, speakers) from segments;
the baseline = sumy's LexRank picking a 5-sentence summary of the same text (sentences split the same
way). sumy's LexRank is quadratic in pure Python (minutes on the longest files), so by default it runs on
the two shortest transcripts only; ``--all`` runs it on every one.

    python bench/insights_speed.py [--all] [--quick]

The ratio is ours ÷ LexRank (time: lower is better).
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before NumPy loads its BLAS

import argparse  # noqa: E402
import statistics  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from common import CORPUS, versions, write_results  # noqa: E402
from insights_quality import SameSentences  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

from podgist.insights.extractive import extractive_insights  # noqa: E402
from podgist.insights.units import turns  # noqa: E402
from podgist.models import Segment  # noqa: E402
from tests.unit.insights.loaders import load_markdown, load_tsv  # noqa: E402

THREE_HOURS = 3 * 3600.0
RUNS = 5


def load(path: Path) -> list[Segment]:
    return load_tsv(path) if path.suffix == ".tsv" else load_markdown(path)


def ours_seconds(segments: list[Segment], runs: int = RUNS) -> float:
    """Best of ``runs`` wall times (the machine is shared: the minimum is the least disturbed run)."""
    extractive_insights(segments)  # warm caches and imports once, as a worker would be
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        extractive_insights(segments)
        times.append(time.perf_counter() - t)
    return min(times)


def lexrank_seconds(segments: list[Segment]) -> float:
    """One sumy LexRank run: parse the text, rate every sentence, pick five."""
    text = "\n\n".join(" ".join(s.text for s in segments[lo : hi + 1]) for lo, hi in turns(segments))
    t = time.perf_counter()
    parser = PlaintextParser.from_string(text, SameSentences())
    summarizer = LexRankSummarizer(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    summarizer(parser.document, 5)
    return time.perf_counter() - t


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--all", action="store_true", help="run sumy LexRank on every transcript (slow)")
    args.add_argument("--quick", action="store_true", help="one run; LexRank on the shortest only")
    opts = args.parse_args()
    runs, with_lexrank = (1, 1) if opts.quick else (RUNS, 2)
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    folder = CORPUS / "long"
    files = sorted([*folder.glob("*.tsv"), *folder.glob("*.md")])
    if not files:
        print(f"no long transcripts under {folder} (set PODGIST_CORPUS_DIR)")
        return 1
    loaded = {p: load(p) for p in files}
    words = {p: sum(len(s.text.split()) for s in segs) for p, segs in loaded.items()}
    with_baseline = set(files) if opts.all else set(sorted(files, key=lambda p: words[p])[:with_lexrank])
    rows = []
    per_3h: list[float] = []
    speedups: list[float] = []
    for path, segs in loaded.items():
        hours = (segs[-1].end - segs[0].start) / 3600
        mine = ours_seconds(segs, runs)
        per_3h.append(mine * THREE_HOURS / (hours * 3600))
        base = lexrank_seconds(segs) if path in with_baseline else None
        ratio = mine / base if base else None
        if ratio:
            speedups.append(ratio)
        rows.append(
            {
                "metric": f"insights {path.name} ({hours:.2f} h, {words[path]} words) s",
                "ours": mine,
                "baseline": base,
                "ratio": ratio,
                "target": "≤ 0.10x" if base else "",
            }
        )
        print(f"{path.name}: ours {mine:.3f} s, lexrank {base if base else '-'}", flush=True)
    rows.append({"metric": "insights s per 3-hour episode (worst)", "ours": max(per_3h), "target": "≤ 1 s"})
    rows.append({"metric": "insights s per 3-hour episode (median)", "ours": statistics.median(per_3h)})
    if speedups:
        rows.append({"metric": "vs sumy LexRank, worst ratio", "ratio": max(speedups), "target": "≤ 0.10x"})
    write_results(
        "insights_speed",
        rows,
        {"runs": runs, "lexrank_on": sorted(p.name for p in with_baseline)},
        context=f"one core, best of {runs}; LexRank (5 sentences) on the {len(with_baseline)} shortest; "
        + versions("sumy", "numpy"),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
