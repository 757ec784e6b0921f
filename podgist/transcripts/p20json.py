"""Podcasting 2.0 JSON transcripts: ``{"version", "segments": [{speaker, startTime, endTime, body}]}``.

Publishers often write one segment per word; such word-level files are merged into sentences (a
sentence ends at ``.``, ``?`` or ``!``, a speaker change, a pause over two seconds, or 40 words).
"""

from __future__ import annotations

import math
from statistics import median
from typing import Any

import msgspec

from podgist.errors import TranscriptInvalid, UnsupportedFormat
from podgist.models import Segment
from podgist.transcripts.cuetext import collapse
from podgist.transcripts.segments import Item, make_segments

_SENTENCE_END = (".", "?", "!", "…", '."', '?"', '!"')
_MAX_GAP = 2.0
_MAX_WORDS = 40


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) and number >= 0 else None


def _item(raw: Any) -> Item | None:
    if not isinstance(raw, dict):
        return None
    start = _number(raw.get("startTime"))
    body = raw.get("body")
    if start is None or not isinstance(body, str) or not collapse(body):
        return None
    end = _number(raw.get("endTime"))
    speaker = raw.get("speaker")
    name = collapse(speaker) if isinstance(speaker, str) else ""
    return start, end if end is not None and end >= start else start, name or None, collapse(body)


def raw_items(text: str) -> list[Item]:
    """Every usable segment of the document, in file order; ``TranscriptInvalid`` for a broken one."""
    try:
        doc = msgspec.json.decode(text)
    except (msgspec.DecodeError, RecursionError) as exc:  # RecursionError: nested deeper than the stack
        raise TranscriptInvalid("The JSON transcript is not valid JSON.") from exc
    if not isinstance(doc, dict) or "segments" not in doc:
        raise UnsupportedFormat('This JSON is not a transcript (no "segments").')
    segments = doc["segments"]
    if not isinstance(segments, list):
        raise TranscriptInvalid('The JSON transcript\'s "segments" is not a list.')
    return [item for item in map(_item, segments) if item is not None]


def is_word_level(items: list[Item]) -> bool:
    """True when segments hold a word or two each (the word-timed shape)."""
    return bool(items) and median(len(item[3].split()) for item in items) <= 2


def merge_words(items: list[Item]) -> list[Item]:
    """Word items joined into sentence items, never across a speaker change or a long pause."""
    out: list[Item] = []
    current: list[Item] = []
    for item in items:
        if current and (item[2] != current[-1][2] or item[0] - current[-1][1] > _MAX_GAP):
            out.append(_join(current))
            current = []
        current.append(item)
        if item[3].endswith(_SENTENCE_END) or len(current) >= _MAX_WORDS:
            out.append(_join(current))
            current = []
    if current:
        out.append(_join(current))
    return out


def _join(words: list[Item]) -> Item:
    return words[0][0], max(w[1] for w in words), words[0][2], " ".join(w[3] for w in words)


def parse(text: str) -> list[Segment]:
    """Segments of a Podcasting 2.0 JSON transcript, word-level files merged into sentences."""
    items = raw_items(text)
    if is_word_level(items):
        items = merge_words(items)
    return make_segments(items, what="JSON transcript")
