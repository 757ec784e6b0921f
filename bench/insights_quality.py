"""Summary quality on QMSum: ROUGE F1 of our extractive overview against sumy's LexRank and TextRank.

For each of the 35 test meetings the reference is the whole-meeting summary (``general_query_list[0]``).
Every system picks from the same sentence pool (sumy is handed our sentence split, so only the choice of
sentences differs): the baselines take as many sentences as ours, and, as a second view (``@words``), their
best sentences up to about our word count. Scores are ROUGE-1/2/L F1 with stemming, mean over meetings.

    python bench/insights_quality.py [--quick]     (--quick: the 8 smallest meetings only)
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from common import versions, write_results  # noqa: E402
from rouge_score import rouge_scorer  # noqa: E402
from sumy.nlp.stemmers import Stemmer  # noqa: E402
from sumy.parsers.plaintext import PlaintextParser  # noqa: E402
from sumy.summarizers.lex_rank import LexRankSummarizer  # noqa: E402
from sumy.summarizers.text_rank import TextRankSummarizer  # noqa: E402
from sumy.utils import get_stop_words  # noqa: E402

from podgist.insights.analysis import analyse  # noqa: E402
from podgist.insights.summary import overview_size, pick_salient  # noqa: E402
from podgist.insights.text import as_sentence, sentence_spans, words  # noqa: E402
from podgist.insights.units import turns  # noqa: E402
from podgist.models import Segment  # noqa: E402
from tests.corpus import corpus_root  # noqa: E402
from tests.unit.insights.loaders import load_qmsum  # noqa: E402

METRICS = ("rouge1", "rouge2", "rougeL")


class SameSentences:
    """A sumy tokenizer that splits sentences exactly as our engine does, with no NLTK data needed."""

    language = "english"

    def to_sentences(self, paragraph: str) -> list[str]:
        return [paragraph[a:b] for a, b in sentence_spans(paragraph)]

    def to_words(self, sentence: str) -> list[str]:
        return words(sentence)


def ours(segments: list[Segment]) -> tuple[str, int]:
    """Our overview and how many sentences it has."""
    a = analyse(segments, [])
    chosen = pick_salient(a, overview_size(a))
    return " ".join(as_sentence(u.text) for u in chosen), len(chosen)


class _Keep:
    """Mixin keeping the ratings a sumy summarizer computed, so one run serves two length rules."""

    ratings: dict[object, float]

    def _get_best_sentences(self, sentences, count, rating, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.ratings = rating
        return ()


class LexRank(_Keep, LexRankSummarizer):  # type: ignore[misc]  # sumy has no type hints
    pass


class TextRank(_Keep, TextRankSummarizer):  # type: ignore[misc]
    pass


def sumy_ranked(segments: list[Segment], summarizer_cls: type) -> list[tuple[int, str]]:
    """Every sentence as (document position, text), best rated first, each speaker turn one paragraph."""
    text = "\n\n".join(" ".join(s.text for s in segments[lo : hi + 1]) for lo, hi in turns(segments))
    parser = PlaintextParser.from_string(text, SameSentences())
    summarizer = summarizer_cls(Stemmer("english"))
    summarizer.stop_words = get_stop_words("english")
    summarizer(parser.document, 1)
    order = {s: i for i, s in enumerate(parser.document.sentences)}
    ranked = sorted(summarizer.ratings.items(), key=lambda p: (-p[1], order[p[0]]))
    return [(order[s], str(s)) for s, _ in ranked]


def take(ranked: list[tuple[int, str]], n: int | None = None, words_wanted: int | None = None) -> str:
    """The best ``n`` sentences, or the best until about ``words_wanted`` words, in document order."""
    chosen: list[tuple[int, str]] = []
    total = 0
    for pos, text in ranked:
        if n is not None and len(chosen) >= n:
            break
        if words_wanted is not None:
            size = len(text.split())
            if total >= words_wanted or (
                chosen and abs(total + size - words_wanted) > abs(total - words_wanted)
            ):
                break
            total += size
        chosen.append((pos, text))
    return " ".join(t for _, t in sorted(chosen))


def score_meeting(path: Path) -> dict[str, tuple[dict[str, float], int]]:
    """ROUGE F1 and word count of every system's summary of one meeting."""
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=True)
    segments, reference = load_qmsum(path)
    mine, n = ours(segments)
    outputs = {"ours": mine}
    for name, cls in (("lexrank", LexRank), ("textrank", TextRank)):
        ranked = sumy_ranked(segments, cls)
        outputs[name] = take(ranked, n=n)
        outputs[name + "@words"] = take(ranked, words_wanted=len(mine.split()))
    out = {}
    for system, text in outputs.items():
        result = scorer.score(reference, text)
        out[system] = ({m: result[m].fmeasure for m in METRICS}, len(text.split()))
    return out


QUICK_MEETINGS = 8


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help=f"the {QUICK_MEETINGS} smallest meetings")
    quick = parser.parse_args().quick
    root = corpus_root()
    folder = root / "summaries" / "qmsum-test" if root else None
    if folder is None or not folder.is_dir():
        print("corpus not found (set PODGIST_CORPUS_DIR)")
        return 1
    started = time.perf_counter()
    files = sorted(folder.glob("*.json"))
    if quick:
        files = sorted(files, key=lambda p: p.stat().st_size)[:QUICK_MEETINGS]
    # sumy's LexRank takes seconds per meeting; spread meetings over the cores to keep the bench short
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        largest_first = sorted(files, key=lambda p: -p.stat().st_size)
        results = pool.map(score_meeting, largest_first, chunksize=1)
    systems = list(results[0])
    scores = {s: {m: [r[s][0][m] for r in results] for m in METRICS} for s in systems}
    lengths = {s: [r[s][1] for r in results] for s in systems}
    means = {s: {m: statistics.fmean(v) for m, v in scores[s].items()} for s in systems}
    words_mean = {s: statistics.fmean(v) for s, v in lengths.items()}
    print(
        f"QMSum test, {len(files)} meetings, ROUGE F1 (stemmed), mean; {time.perf_counter() - started:.1f} s"
    )
    print("baselines pick as many sentences as ours, or (@words) about as many words")
    rows = []
    for base in ("lexrank", "lexrank@words", "textrank", "textrank@words"):
        for m in METRICS:
            o, b = means["ours"][m], means[base][m]
            target = "≥ 1.00x" if base.startswith("lexrank") else ""
            rows.append(
                {
                    "metric": f"{m} F1 vs {base}",
                    "ours": round(o, 4),
                    "baseline": round(b, 4),
                    "ratio": round(o / b, 2),
                    "target": target,
                }
            )
    for base in systems[1:]:
        rows.append(
            {
                "metric": f"mean words vs {base}",
                "ours": round(words_mean["ours"], 1),
                "baseline": round(words_mean[base], 1),
            }
        )
    write_results(
        "insights_quality",
        rows,
        {"meetings": len(files), "rouge_f1": means, "mean_words": words_mean},
        context=f"QMSum test, {len(files)} meetings, ROUGE F1 stemmed, mean; ratio = ours ÷ baseline; "
        + versions("sumy", "rouge-score"),
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
