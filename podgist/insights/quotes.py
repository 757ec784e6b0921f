"""Notable quotes: verbatim sentences (or two of one turn) that stand alone and say something.

A quote is cut from the transcript, never rewritten: at most a leading "so, um, and" is dropped, which keeps
it a substring of its segments' joined text. Its segment ids are re-derived from where the text sits.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from podgist.insights.analysis import Analysis
from podgist.insights.stopwords import FILLERS, OPINION, REFERRING
from podgist.insights.text import normal, trim_lead, words
from podgist.insights.units import Unit, joined, locate
from podgist.models import Quote

MIN_QUOTES = 5
MAX_QUOTES = 10
MIN_WORDS = 8
MAX_WORDS = 40
GUEST_BONUS = 1.3

_STUTTER = re.compile(r"\b(\w+)\W+\1\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Candidate:
    """A possible quote: its verbatim text, the units it comes from and its score."""

    text: str
    units: tuple[Unit, ...]
    score: float


def quote_count(a: Analysis) -> int:
    """5 for a short talk, one more per ~2,000 words beyond, at most 10."""
    return max(MIN_QUOTES, min(MAX_QUOTES, a.total_words // 2000))


def quotes(a: Analysis, avoid: Collection[int] = ()) -> list[Quote]:
    """The best quotes, spread over the episode, in transcript order (fewer when few sentences qualify)."""
    skip = set(avoid)
    ranked = sorted(
        (c for c in candidates(a) if not any(u.index in skip for u in c.units)),
        key=lambda c: (-c.score, c.units[0].index),
    )
    duration = a.segments[-1].end - a.segments[0].start if a.segments else 0.0
    gap = duration / (quote_count(a) * 3.0)
    picked: list[Candidate] = []
    for c in ranked:
        if len(picked) >= quote_count(a):
            break
        if all(_apart(c, p, gap) for p in picked):
            picked.append(c)
    picked.sort(key=lambda c: c.units[0].index)
    return [q for q in (_quote(a, c) for c in picked) if q is not None]


def candidates(a: Analysis) -> Iterator[Candidate]:
    """Every single sentence, and every pair of sentences in one turn, that could be quoted."""
    units = a.units
    for i, u in enumerate(units):
        if not _quotable(u):
            continue
        if u.words >= MIN_WORDS:
            yield from _scored(a, (u,), trim_lead(u.text))
        v = units[i + 1] if i + 1 < len(units) else None
        if v is not None and v.turn == u.turn and u.words + v.words <= MAX_WORDS and _quotable(v):
            whole = joined(a.segments, u.first, v.last)
            at = whole.find(u.text)
            end = whole.find(v.text, at + len(u.text)) + len(v.text)
            yield from _scored(a, (u, v), trim_lead(whole[at:end]))


def _quotable(u: Unit) -> bool:
    """Questions, stage directions ("[laughs]", "[unintelligible]") and loose talk are never quoted."""
    return "?" not in u.text and "[" not in u.text and u.fillers <= 0.3 * u.words


def _scored(a: Analysis, units: tuple[Unit, ...], text: str) -> Iterator[Candidate]:
    ws = [normal(w) for w in words(text)]
    n = len(ws)
    if not MIN_WORDS <= n <= MAX_WORDS or sum(1 for w in ws if w in FILLERS) > 0.2 * n:
        return
    opinion = sum(1 for w in ws if w in OPINION)
    personal = any(w in {"i", "we", "i'm", "i've", "we're"} for w in ws)
    score = 0.35 + max(a.scores[u.index] for u in units)
    score *= 1.0 + 0.25 * min(opinion, 3) + (0.15 if personal else 0.0)
    score *= 1.0 if 12 <= n <= 30 else 0.8
    score *= 0.5 if ws[0] in REFERRING else 1.0
    score *= 1.0 if text[:1].isupper() else 0.85
    score *= 0.7 if _STUTTER.search(text) else 1.0
    score *= 1.1 if text.rstrip().endswith((".", "!")) else 0.9
    speaker = units[0].speaker
    score *= GUEST_BONUS if speaker is not None and speaker != a.host else 1.0
    score *= 0.9 if len(units) > 1 else 1.0
    yield Candidate(text=text.strip(), units=units, score=score)


def _apart(c: Candidate, p: Candidate, gap: float) -> bool:
    """Not the same sentences, not within ``gap`` seconds, not saying the same words."""
    if {u.index for u in c.units} & {u.index for u in p.units}:
        return False
    if abs(c.units[0].start - p.units[0].start) < gap:
        return False
    ca = {t for u in c.units for t in u.terms}
    pa = {t for u in p.units for t in u.terms}
    return len(ca & pa) / max(1, min(len(ca), len(pa))) < 0.5


def _quote(a: Analysis, c: Candidate) -> Quote | None:
    where = locate(a.segments, c.units[0].first, c.units[-1].last, c.text)
    if where is None:  # cannot happen for text cut from these units; never emit an ungrounded quote
        return None
    ids, start, end = a.span(*where)
    return Quote(segment_ids=ids, start=start, end=end, text=c.text, speaker=c.units[0].speaker)
