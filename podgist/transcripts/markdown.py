"""Markdown transcripts: ``**Name:** text`` turns with inline ``\\[MM:SS\\]`` / ``\\[HH:MM:SS.cc\\]`` stamps
(the shape show sites publish), and our own ``**Name** (m:ss)`` heading-then-text shape.

Each paragraph is a segment; a stamp inside a paragraph splits it there. A paragraph without a name
continues the last speaker's turn. Stamps are sparse (every few minutes), so times bracket the text
(see ``segments.bracket_times``) and such a transcript is reported untimed unless every paragraph
carries its own stamp.
"""

from __future__ import annotations

import re

from podgist.models import Segment
from podgist.transcripts.clock import parse_clock
from podgist.transcripts.cuetext import collapse
from podgist.transcripts.segments import bracket_times, make_segments

_STAMP = r"(?:[0-9]{1,2}:)?[0-9]{1,2}:[0-9]{2}(?:[.,][0-9]{1,3})?"
_INLINE_STAMP = re.compile(rf"\\?\[({_STAMP})\\?\]")
_LABEL = re.compile(r"\*\*([^*\n]{1,60}?)(?::\*\*|\*\*[ \t]*:)[ \t]*")
_HEADING_TURN = re.compile(rf"\*\*([^*\n]{{1,60}})\*\*[ \t]*(?:\(({_STAMP})\))?[ \t]*")
_LINK = re.compile(r"\[([^\]\n]*)\]\([^)\n]*\)")
_EMPHASIS = re.compile(r"(?<![\w*])(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1(?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")

_Piece = tuple[float | None, str | None, str]


def unmark(text: str) -> str:
    """Inline Markdown to plain text: links to their text, emphasis marks and escapes removed."""
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return collapse(_ESCAPE.sub(r"\1", text))


def _blocks(text: str) -> list[str]:
    """Paragraphs, without the title block (a ``#`` heading and the lines right under it)."""
    blocks = [b.strip() for b in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n")) if b.strip()]
    if blocks and blocks[0].startswith("#"):
        blocks = blocks[1:]
    return [b for b in blocks if not b.startswith("#")]


def _split_stamps(body: str, stamp: float | None, speaker: str | None) -> list[_Piece]:
    pieces: list[_Piece] = []
    pos = 0
    for m in _INLINE_STAMP.finditer(body):
        pieces.append((stamp, speaker, body[pos : m.start()]))
        stamp, pos = parse_clock(m.group(1)), m.end()
    pieces.append((stamp, speaker, body[pos:]))
    return [(s, who, unmark(t)) for s, who, t in pieces if unmark(t) or s is not None]


def pieces(text: str) -> list[_Piece]:
    """(stamp, speaker, text) pieces in order; stamp-only pieces keep a stamp the next piece lacks."""
    out: list[_Piece] = []
    speaker: str | None = None
    for block in _blocks(text):
        stamp: float | None = None
        label = _LABEL.match(block)
        heading = None if label else _HEADING_TURN.match(block)
        if label is not None:
            speaker, block = collapse(label.group(1)), block[label.end() :]
        elif heading is not None and "\n" in block[: heading.end() + 1]:
            speaker, block = collapse(heading.group(1)), block[heading.end() :]
            stamp = parse_clock(heading.group(2)) if heading.group(2) else None
        out.extend(_split_stamps(block, stamp, speaker))
    return out


def parse(text: str) -> tuple[list[Segment], bool]:
    """(segments, timed) of a Markdown transcript."""
    found = pieces(text.removeprefix("\ufeff"))
    merged: list[_Piece] = []
    carried: float | None = None
    for stamp, speaker, content in found:
        if not content:
            carried = stamp if stamp is not None else carried
            continue
        merged.append((stamp if stamp is not None else carried, speaker, content))
        carried = None
    times = bracket_times([stamp for stamp, _, _ in merged])
    items = [(s, e, who, content) for (s, e), (_, who, content) in zip(times, merged, strict=True)]
    timed = bool(merged) and all(stamp is not None for stamp, _, _ in merged)
    return make_segments(items, what="Markdown transcript"), timed
