"""Cutting hallucination loops: Whisper sometimes repeats one line, or one phrase, over and over.

Two passes, both pure: whole segments repeated in a row (one line, or a cycle of two or three lines)
keep their first occurrence; inside a segment, a run of one repeated n-gram keeps one copy. The
thresholds are set so ordinary speech ("no, no, no", a repeated word for emphasis) survives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from podgist.models import Segment

_WORD = re.compile(r"[\w']+")

MIN_LINE_REPEATS = 3
"""A line (or a cycle of lines) must occur this many times in a row to count as a loop."""

MIN_PHRASE_REPEATS = 3
MIN_LOOP_WORDS = 12
"""Inside a line, an n-gram loop needs MIN_PHRASE_REPEATS copies and MIN_LOOP_WORDS words in all:
a single word must repeat 12 times, a two-word phrase 6 times, a four-word phrase 3 times."""

MAX_PHRASE_WORDS = 12
MAX_CYCLE_LINES = 3


def cut_loops(segments: Sequence[Segment]) -> list[Segment]:
    """Drop repeated runs of lines and collapse repeated phrases inside lines; ids are left unchanged."""
    keys = [_normalize(s.text) for s in segments]
    kept = _collapse(keys, MAX_CYCLE_LINES, lambda n, repeats: repeats >= MIN_LINE_REPEATS)
    out: list[Segment] = []
    for i in kept:
        seg = segments[i]
        text = cut_phrase_loops(seg.text)
        if text:
            out.append(seg if text == seg.text else _with_text(seg, text))
    return out


def cut_phrase_loops(text: str) -> str:
    """``text`` with every long run of one repeated n-gram reduced to a single copy."""
    tokens = text.split()
    keys = [_normalize(t) for t in tokens]

    def is_loop(n: int, repeats: int) -> bool:
        return repeats >= MIN_PHRASE_REPEATS and n * repeats >= MIN_LOOP_WORDS

    kept = _collapse(keys, MAX_PHRASE_WORDS, is_loop)
    if len(kept) == len(tokens):
        return text
    return " ".join(tokens[i] for i in kept)


def _collapse(keys: Sequence[str], max_n: int, is_loop: Callable[[int, int], bool]) -> list[int]:
    """Indices to keep: at each position, the longest-covering loop of period ≤ ``max_n`` keeps one period.

    A loop is ``keys[i:i+n]`` followed by copies of itself; ``is_loop(n, copies)`` decides if it is long
    enough to cut. Where several periods loop, the one covering the most items wins (ties: the shortest).
    An empty key (a line of only punctuation) never starts a loop.
    """
    kept: list[int] = []
    i = 0
    while i < len(keys):
        best_n, best_r = 0, 0
        for n in range(1, max_n + 1):
            if i + 2 * n > len(keys) or not keys[i]:
                break
            r = _repeats(keys, i, n)
            if is_loop(n, r) and n * r > best_n * best_r:
                best_n, best_r = n, r
        if best_n:
            kept.extend(range(i, i + best_n))
            i += best_n * best_r
        else:
            kept.append(i)
            i += 1
    return kept


def _repeats(keys: Sequence[str], i: int, n: int) -> int:
    """How many times ``keys[i:i+n]`` occurs back to back from ``i``."""
    unit = keys[i : i + n]
    r = 1
    while keys[i + r * n : i + (r + 1) * n] == unit:
        r += 1
    return r


def _normalize(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _with_text(seg: Segment, text: str) -> Segment:
    return Segment(id=seg.id, start=seg.start, end=seg.end, text=text, speaker=seg.speaker)
