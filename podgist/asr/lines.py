"""Transcript lines from recognized words: cut at sentence ends and pauses, timed by the words themselves.

Batched recognition decodes windows of up to 30 s of packed speech and returns one segment per window.
A 30-second line is no use for reading, searching or jumping the player to a moment, so each window's
words are regrouped: a line ends after a word that ends a sentence, before a long pause, or before it
would run past ``MAX_LINE_S``. A line starts at its first word and ends at its last, so its times are as
accurate as the word times. Pure functions; the recognizer's word objects are converted at the edge.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

PAUSE_S = 1.0
"""Silence between two words that ends a line even mid-sentence: a turn change or a new thought."""

MAX_LINE_S = 15.0
"""A line never spans more than this; a longer sentence continues on the next line."""

# Words whose final period does not end a sentence (compared lowercased, punctuation kept).
_ABBREVIATIONS = frozenset(
    {"mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "vs.", "etc.", "e.g.", "i.e.", "no."}
)
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_INITIAL = re.compile(r"[a-z]\.")  # "J." in "J. R. R. Tolkien"


class Word(NamedTuple):
    """One recognized word: its text as the recognizer spelled it (leading space included) and times."""

    text: str
    start: float
    end: float


class Line(NamedTuple):
    """A transcript line: the joined words, from the first word's start to the last word's end."""

    text: str
    start: float
    end: float


def split_lines(words: Sequence[Word]) -> list[Line]:
    """Group ``words`` (in spoken order) into lines; blank words are dropped, blank lines never made."""
    lines: list[Line] = []
    current: list[Word] = []
    for word in words:
        if not word.text.strip():
            continue
        if current and breaks_before(current, word):
            lines.append(_join(current))
            current = []
        current.append(word)
    if current:
        lines.append(_join(current))
    return lines


def breaks_before(line: Sequence[Word], word: Word) -> bool:
    """Whether ``word`` starts a new line after the non-empty ``line``."""
    last = line[-1]
    return (
        ends_sentence(last.text) or word.start - last.end >= PAUSE_S or word.end - line[0].start > MAX_LINE_S
    )


def ends_sentence(text: str) -> bool:
    """True for a word that closes a sentence ("done.", "why?", "'yes!'"), not for "Dr." or "J."."""
    token = text.strip().lower()
    return bool(_SENTENCE_END.search(token)) and token not in _ABBREVIATIONS and not _INITIAL.fullmatch(token)


def _join(words: Sequence[Word]) -> Line:
    return Line("".join(w.text for w in words).strip(), words[0].start, words[-1].end)
