"""Checking a model's answer against the transcript: ids must exist, quotes must be verbatim, times are ours.

Nothing the model says about time is trusted: every item's start and end come from the segments it cites.
A quote not found verbatim in its cited segments is repaired to the closest verbatim span when it is close
enough (the model fixed a typo or dropped an "um"), else dropped.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Any

from podgist.insights.units import joined, locate
from podgist.models import Chapter, Keyword, QuestionAnswered, Quote, Segment, Takeaway

REPAIR_RATIO = 0.85
"""Word-level similarity a paraphrased quote needs to be replaced by the verbatim span it resembles."""

_TOKEN = re.compile(r"\S+")
_STRIP = re.compile(r"[^\w']+")


@dataclass(frozen=True, slots=True)
class Grounder:
    """Maps cited segment ids to positions in the transcript and builds grounded items from them."""

    segments: list[Segment]
    position: dict[int, int]

    @classmethod
    def of(cls, segments: list[Segment]) -> Grounder:
        return cls(segments, {s.id: i for i, s in enumerate(segments)})

    def positions(self, ids: Any) -> list[int]:
        """Valid cited ids as sorted positions; anything else (unknown ids, strings, junk) is dropped."""
        if not isinstance(ids, list):
            ids = [ids]
        found = {self.position[i] for i in ids if isinstance(i, int) and i in self.position}
        return sorted(found)

    def span(self, positions: list[int]) -> tuple[list[int], float, float]:
        """Ids, start of the first segment and end of the last."""
        return (
            [self.segments[p].id for p in positions],
            self.segments[positions[0]].start,
            self.segments[positions[-1]].end,
        )

    def quote(self, item: Any) -> Quote | None:
        """A verbatim (or repaired) quote grounded in the segments it really comes from, else None."""
        pos = self.positions(_get(item, "segmentIds"))
        text = " ".join(str(_get(item, "text") or "").split())
        if not pos or not text:
            return None
        lo, hi = pos[0], pos[-1]
        where = locate(self.segments, lo, hi, text)
        if where is None:
            lo, hi = max(0, lo - 1), min(len(self.segments) - 1, hi + 1)
            text = repair(joined(self.segments, lo, hi), text) or ""
            where = locate(self.segments, lo, hi, text) if text else None
        if where is None:
            return None
        ids, start, end = self.span(list(range(where[0], where[1] + 1)))
        return Quote(
            segment_ids=ids, start=start, end=end, text=text, speaker=self.segments[where[0]].speaker
        )

    def takeaway(self, item: Any) -> Takeaway | None:
        pos = self.positions(_get(item, "segmentIds"))
        headline = _text(item, "headline")
        if not pos or not headline:
            return None
        ids, start, end = self.span(pos)
        return Takeaway(
            segment_ids=ids, start=start, end=end, headline=headline, detail=_text(item, "detail")
        )

    def question(self, item: Any) -> QuestionAnswered | None:
        asked = self.positions(_get(item, "segmentIds"))
        answer = self.positions(_get(item, "answerSegmentIds"))
        question = _text(item, "question")
        if not asked or not question:
            return None
        ids, start, end = self.span(sorted(set(asked) | set(answer)))
        return QuestionAnswered(
            segment_ids=ids,
            start=start,
            end=end,
            question=question,
            answer=_text(item, "answer"),
            asked_by=self.segments[asked[0]].speaker,
            answered_by=self.segments[answer[0]].speaker if answer else None,
            answer_start=self.segments[answer[0]].start if answer else None,
        )

    def chapters(self, items: Any) -> list[Chapter]:
        """Chapters from ``[{title, startSegmentId}]``, partitioning the transcript from the first one on."""
        starts: dict[int, str] = {}
        for item in items if isinstance(items, list) else []:
            pos = self.positions(_get(item, "startSegmentId"))
            title = _text(item, "title")
            if pos and title:
                starts.setdefault(pos[0], title)
        ordered = sorted(starts.items())
        out: list[Chapter] = []
        for k, (p, title) in enumerate(ordered):
            stop = ordered[k + 1][0] - 1 if k + 1 < len(ordered) else len(self.segments) - 1
            ids, start, end = self.span(list(range(p, stop + 1)))
            out.append(Chapter(title=title, start=start, end=end, segment_ids=ids, source="computed"))
        return out


def keywords(items: Any, limit: int = 10) -> list[Keyword]:
    """Keywords from a list of strings, scored by rank (the model lists the most important first)."""
    terms = (
        [" ".join(t.split()) for t in items if isinstance(t, str) and t.strip()]
        if isinstance(items, list)
        else []
    )
    unique = list(dict.fromkeys(terms))[:limit]
    return [Keyword(term=t, score=round(1.0 - i / max(len(unique), 1), 4)) for i, t in enumerate(unique)]


def repair(source: str, quote: str) -> str | None:
    """The span of ``source`` most like ``quote`` word for word, when similar enough; else None."""
    tokens = [(m.start(), m.end(), _norm(m.group())) for m in _TOKEN.finditer(source)]
    want = [w for w in (_norm(t) for t in quote.split()) if w]
    if not tokens or not want:
        return None
    best, best_span = 0.0, (0, 0)
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(want)
    for size in range(max(1, len(want) - 3), len(want) + 4):
        for i in range(0, max(1, len(tokens) - size + 1)):
            window = tokens[i : i + size]
            matcher.set_seq1([t[2] for t in window])
            if matcher.real_quick_ratio() <= best or matcher.quick_ratio() <= best:
                continue
            ratio = matcher.ratio()
            if ratio > best:
                best, best_span = ratio, (window[0][0], window[-1][1])
    # a dangling comma is an artefact of cutting at a word boundary, not part of the quote
    return source[best_span[0] : best_span[1]].rstrip(",;:") if best >= REPAIR_RATIO else None


def _norm(word: str) -> str:
    return _STRIP.sub("", word.lower())


def _get(item: Any, key: str) -> Any:
    return item.get(key) if isinstance(item, dict) else None


def _text(item: Any, key: str) -> str:
    value = _get(item, key)
    return " ".join(value.split()) if isinstance(value, str) else ""
