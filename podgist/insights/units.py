"""Sentence units: the transcript re-cut into sentences, each tied to the segments it comes from.

Segments are whatever the source gave (caption cues of a few words, or whole speaker turns). We join the
segments of one speaker turn with single spaces and split that text into sentences, so every unit's text is
verbatim a substring of its segments' joined text and knows exactly which segments it rests on.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from podgist.insights.stopwords import FILLERS
from podgist.insights.text import normal, punctuated, sentence_spans, terms_of, words
from podgist.models import Segment


@dataclass(frozen=True, slots=True)
class Unit:
    """One sentence of the transcript. ``first``/``last`` are positions in the segment list (inclusive)."""

    index: int
    text: str
    first: int
    last: int
    speaker: str | None
    turn: int
    start: float
    end: float
    words: int
    lows: tuple[str, ...]
    terms: tuple[str, ...]
    fillers: int
    turn_first: bool
    turn_last: bool


def joined(segments: list[Segment], first: int, last: int) -> str:
    """The text of consecutive segments ``first..last`` joined by single spaces: what quotes are cut from."""
    return " ".join(s.text for s in segments[first : last + 1])


def turns(segments: list[Segment]) -> list[tuple[int, int]]:
    """Runs of consecutive segments by the same speaker, as inclusive (first, last) positions."""
    runs: list[tuple[int, int]] = []
    begin = 0
    for i in range(1, len(segments) + 1):
        if i == len(segments) or segments[i].speaker != segments[begin].speaker:
            if i > begin:
                runs.append((begin, i - 1))
            begin = i
    return runs


def build_units(segments: list[Segment]) -> list[Unit]:
    """Split the transcript into sentence units, in order, each grounded in its segments."""
    units: list[Unit] = []
    for turn_index, (first, last) in enumerate(turns(segments)):
        text, offsets = _turn_text(segments, first, last)
        spans = sentence_spans(text, _cue_breaks(segments, first, text, offsets))
        for k, (a, b) in enumerate(spans):
            lo = _segment_at(offsets, a) + first
            hi = _segment_at(offsets, b - 1) + first
            piece = text[a:b]
            lows = tuple(normal(w) for w in words(piece))
            units.append(
                Unit(
                    index=len(units),
                    text=piece,
                    first=lo,
                    last=hi,
                    speaker=segments[first].speaker,
                    turn=turn_index,
                    start=segments[lo].start,
                    end=segments[hi].end,
                    words=len(lows),
                    lows=lows,
                    terms=tuple(terms_of(lows)),
                    fillers=sum(1 for w in lows if w in FILLERS),
                    turn_first=k == 0,
                    turn_last=k == len(spans) - 1,
                )
            )
    return units


def _cue_breaks(segments: list[Segment], first: int, text: str, offsets: list[int]) -> list[int]:
    """In unpunctuated captions, a cue that opens with a capital letter is taken to open a sentence."""
    if len(offsets) < 2 or punctuated(text):
        return []
    return [
        off
        for k, off in enumerate(offsets[1:], start=1)
        if segments[first + k].text[:1].isupper() and not segments[first + k - 1].text.rstrip().endswith(",")
    ]


def _turn_text(segments: list[Segment], first: int, last: int) -> tuple[str, list[int]]:
    offsets: list[int] = []
    pos = 0
    for s in segments[first : last + 1]:
        offsets.append(pos)
        pos += len(s.text) + 1
    return joined(segments, first, last), offsets


def _segment_at(offsets: list[int], char: int) -> int:
    """Which segment (relative to the turn) holds character ``char``: a binary search over start offsets."""
    return max(0, bisect.bisect_right(offsets, char) - 1)


def locate(segments: list[Segment], first: int, last: int, text: str) -> tuple[int, int] | None:
    """Positions of the segments that ``text`` covers when found verbatim in segments ``first..last``.

    Returns None when ``text`` is empty or not a substring of their joined text.
    """
    whole, offsets = _turn_text(segments, first, last)
    at = whole.find(text) if text else -1
    if at < 0:
        return None
    return first + _segment_at(offsets, at), first + _segment_at(offsets, at + len(text) - 1)
