"""Searching one episode's transcript: matching segments with their times and a highlighted snippet.

The query is a phrase, matched case-insensitively with any whitespace between its words. To require
several phrases in one segment, quote each: ``"wild yeast" patience`` needs both "wild yeast" and
"patience". Matches are marked ``**like this**`` (Markdown bold) in the snippet.
"""

from __future__ import annotations

import re

from podgist.errors import ValidationFailed
from podgist.models import Base, Episode, Segment
from podgist.transcripts.clock import format_short

MAX_QUERY = 200
SNIPPET_CONTEXT = 80  # characters kept on each side of the first match in a long segment
_QUOTED = re.compile(r'"([^"]+)"')


class SearchHit(Base):
    """One matching segment."""

    segment_id: int
    start: float
    end: float
    time: str
    text: str
    snippet: str
    speaker: str | None = None


class SearchResult(Base):
    """All matches of a query in one episode, in transcript order."""

    episode_id: str
    query: str
    count: int
    hits: list[SearchHit]


def terms(query: str) -> list[str]:
    """The phrases a query requires: each quoted part, then the unquoted rest as one phrase."""
    text = query.strip()
    if not text or len(text) > MAX_QUERY:
        raise ValidationFailed(f"Give a search query of 1 to {MAX_QUERY} characters (q=…).")
    quoted = [q.strip() for q in _QUOTED.findall(text) if q.strip()]
    rest = " ".join(_QUOTED.sub(" ", text).replace('"', " ").split())
    found = [*quoted, rest] if rest else quoted
    if not found:
        raise ValidationFailed("The search query has no words.")
    return found


def _pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(word) for word in phrase.split()), re.IGNORECASE)


def _highlight(text: str, patterns: list[re.Pattern[str]]) -> str:
    spans: list[tuple[int, int]] = []
    for pattern in patterns:
        spans += [m.span() for m in pattern.finditer(text)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    if not merged:
        return text
    first, last = merged[0][0], merged[-1][1]
    # Short segments are shown whole; long ones are cut to the matches plus some context.
    lo, hi = max(0, first - SNIPPET_CONTEXT), min(len(text), last + SNIPPET_CONTEXT)
    if len(text) <= 2 * SNIPPET_CONTEXT + (last - first):
        lo, hi = 0, len(text)
    out: list[str] = []
    pos = lo
    for start, end in merged:
        out += [text[pos:start], "**", text[start:end], "**"]
        pos = end
    out.append(text[pos:hi])
    return ("…" if lo else "") + "".join(out) + ("…" if hi < len(text) else "")


def _hit(seg: Segment, patterns: list[re.Pattern[str]]) -> SearchHit:
    return SearchHit(
        segment_id=seg.id,
        start=seg.start,
        end=seg.end,
        time=format_short(seg.start),
        text=seg.text,
        snippet=_highlight(seg.text, patterns),
        speaker=seg.speaker,
    )


def search(episode: Episode, query: str) -> SearchResult:
    """Segments of ``episode`` containing every phrase of ``query``."""
    patterns = [_pattern(p) for p in terms(query)]
    hits = [
        _hit(seg, patterns)
        for seg in episode.transcript.segments
        if all(p.search(seg.text) for p in patterns)
    ]
    return SearchResult(episode_id=episode.id, query=query.strip(), count=len(hits), hits=hits)
