"""Parse speed of our WebVTT and SRT parsers against webvtt-py and srt, on the corpus's long files.

Run: ``python bench/parse_speed.py [--quick]``. Each parser reads the same decoded text; figures are the
median of several runs in this process. Our figure is the full parse to Segments (tags stripped, speakers,
numbering); the cue-level figure (``parse_cues`` / ``raw_cues``) is printed too. The script also
checks that our cue text and times are identical to the baseline's (times compared in milliseconds).
Writes ``bench/out/parse_speed.json``; the ratio is ours ÷ baseline (time: lower is better).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import srt as srt_lib
import webvtt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import versions, write_results  # noqa: E402

from podgist.transcripts import srt, vtt  # noqa: E402
from podgist.transcripts.cuetext import collapse  # noqa: E402
from tests.corpus import corpus_root  # noqa: E402

RUNS = 9
TARGET = 5.0


def median_ms(*fns: Callable[[], object], runs: int = RUNS) -> list[float]:
    """Median milliseconds of each function; the functions take turns within every round, so a
    busy machine slows them alike and the ratios stay fair."""
    for fn in fns:
        fn()  # warm-up
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(runs):
        for fn, bucket in zip(fns, times, strict=True):
            start = time.perf_counter()
            fn()
            bucket.append(time.perf_counter() - start)
    return [statistics.median(bucket) * 1000 for bucket in times]


def _ms(value: float) -> int:
    return round(value * 1000)


def webvtt_cues(text: str) -> list[Any]:
    """The baseline's parse: webvtt-py's captions of ``text``."""
    return list(webvtt.from_string(text).captions)


def srt_cues(text: str) -> list[Any]:
    """The baseline's parse: srt's subtitles of ``text``."""
    return list(srt_lib.parse(text))


def vtt_identical(text: str) -> bool:
    ours = [(_ms(s.start), _ms(s.end), s.text) for s in vtt.parse(text)]
    theirs = [(_ms(_seconds(c.start)), _ms(_seconds(c.end)), collapse(c.text)) for c in webvtt_cues(text)]
    return ours == [t for t in theirs if t[2]]


def _seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.replace(",", ".").split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def srt_identical(text: str) -> bool:
    ours = [(_ms(s.start), _ms(s.end), s.text) for s in srt.parse(text)]
    theirs = [
        (_ms(sub.start.total_seconds()), _ms(sub.end.total_seconds()), collapse(sub.content))
        for sub in srt_lib.parse(text)
    ]
    return ours == [t for t in theirs if t[2]]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="3 runs per parser")
    runs = 3 if parser.parse_args().quick else RUNS
    root = corpus_root()
    if root is None:
        sys.exit("corpus missing: set PODGIST_CORPUS_DIR")
    rows: list[dict[str, object]] = []
    cue_ratios: dict[str, list[float]] = {"webvtt-py": [], "srt": []}
    identical = True
    for path in sorted((root / "long").glob("*.vtt")) + sorted((root / "long").glob("*.srt")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".vtt":
            ours, cues, base = median_ms(
                partial(vtt.parse, text),
                partial(vtt.parse_cues, text),
                partial(webvtt_cues, text),
                runs=runs,
            )
            same, baseline = vtt_identical(text), "webvtt-py"
        else:
            ours, cues, base = median_ms(
                partial(srt.parse, text),
                partial(srt.raw_cues, text),
                partial(srt_cues, text),
                runs=runs,
            )
            same, baseline = srt_identical(text), "srt"
        identical = identical and same
        cue_ratios[baseline].append(cues / base)
        rows.append(
            {
                "metric": f"parse {path.name} ms (vs {baseline})",
                "ours": ours,
                "baseline": base,
                "ratio": ours / base,
                "target": f"≤ {1 / TARGET:.2f}x",
            }
        )
    for baseline, values in cue_ratios.items():
        rows.append(
            {
                "metric": f"cues only vs {baseline}, median ratio",
                "ratio": statistics.median(values),
                "target": f"≤ {1 / TARGET:.2f}x",
            }
        )
    rows.append({"metric": "cue text and times identical to baselines", "ours": identical, "target": "yes"})
    write_results(
        "parse_speed",
        rows,
        context=f"median of {runs} runs, one process; " + versions("webvtt-py", "srt"),
    )


if __name__ == "__main__":
    main()
