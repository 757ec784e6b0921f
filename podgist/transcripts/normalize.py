"""Caption fragments into readable segments: sentences and short paragraphs with exact times.

Captions break lines wherever the screen is full, mid-sentence. ``normalize`` joins consecutive
segments until a sentence ends, never across a speaker change or a turn marker (a leading ``- `` or
``>>``, which it removes), and never past ``max_seconds`` or ``max_words``. A merged segment spans
its first start to its last end; nothing is re-timed, except that a cue ending before it starts (the
caption grammars allow one) ends where it starts instead. Whitespace is collapsed, empty segments and
exact rolling repeats (the same text again, straight after, overlapping or flashed) are dropped, and
ids are renumbered.
"""

from __future__ import annotations

import re

from podgist.models import Segment

_SPACES = re.compile(r"\s+")
_TURN_MARK = re.compile(r"^(?:>>+|[-–—](?=\s))\s*")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_MAX_GAP = 5.0


class _Group:
    """Segments being merged into one."""

    __slots__ = ("end", "speaker", "start", "texts", "words")

    def __init__(self, seg: Segment, text: str) -> None:
        self.start, self.end, self.speaker = seg.start, max(seg.start, seg.end), seg.speaker
        self.texts = [text]
        self.words = text.count(" ") + 1

    def accepts(self, seg: Segment, text: str, max_seconds: float, max_words: int) -> bool:
        return (
            seg.speaker == self.speaker
            and not _SENTENCE_END.search(self.texts[-1])
            and max(seg.end, self.end) - self.start <= max_seconds
            and seg.start - self.end <= _MAX_GAP
            and self.words + text.count(" ") + 1 <= max_words
        )

    def add(self, seg: Segment, text: str) -> None:
        self.texts.append(text)
        self.end = max(self.end, seg.end)
        self.words += text.count(" ") + 1

    def segment(self, index: int) -> Segment:
        return Segment(
            id=index, start=self.start, end=self.end, text=" ".join(self.texts), speaker=self.speaker
        )


def _is_rolling_repeat(seg: Segment, last: _Group) -> bool:
    """The same line shown again by a rolling caption track: overlapping the previous one or a
    flash of under 50 ms. (A speaker who says "Yeah." twice gets two ordinary cues and keeps both.)"""
    return seg.speaker == last.speaker and (seg.start < last.end or seg.end - seg.start < 0.05)


def normalize(segments: list[Segment], *, max_seconds: float = 30.0, max_words: int = 60) -> list[Segment]:
    """Readable, renumbered segments out of caption fragments (see the module docstring)."""
    groups: list[_Group] = []
    previous_text: str | None = None
    for seg in segments:
        text = _SPACES.sub(" ", seg.text).strip()
        turn = _TURN_MARK.match(text)
        if turn is not None:
            text = text[turn.end() :]
        if not text:
            continue
        if text == previous_text and groups and _is_rolling_repeat(seg, groups[-1]):
            groups[-1].end = max(groups[-1].end, seg.end)
            continue
        previous_text = text
        if groups and turn is None and groups[-1].accepts(seg, text, max_seconds, max_words):
            groups[-1].add(seg, text)
        else:
            groups.append(_Group(seg, text))
    return [group.segment(i) for i, group in enumerate(groups)]
