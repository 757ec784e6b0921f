"""One regex pass over the blocks of the usual shape in WebVTT and SRT files.

Nearly every caption file is a run of blocks of one shape: an optional id line (SRT's counter), a bare
``HH:MM:SS.mmm --> HH:MM:SS.mmm`` timing line, then text lines. One compiled pattern reads those
blocks over the whole text, far faster than a Python loop over the lines. The format modules keep
their careful block readers as the authority: the pattern takes only blocks that the careful reader
would read in its own quick branch (same fields, same times), and every other block (NOTE, STYLE,
settings, short timestamps, broken timings) is a "gap" that the careful reader gets, in file order.

One fact the pattern cannot check cheaply is that no id or text line of a matched block holds an
arrow (the careful reader then splits the block in other ways); the callers prove it afterwards by
counting arrows (``arrows_fit``) and otherwise read the whole file carefully.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import cast

import numpy as np
import numpy.typing as npt

from podgist.models import Segment
from podgist.transcripts.clock import HOURS, MILLIS, MINSEC
from podgist.transcripts.segments import make_segments, no_text
from podgist.transcripts.speakers import speaker_turns

# A block starts the body or follows a blank line, and ends at a blank line or the end of the body;
# in between its lines are non-empty (``text.split("\n\n")`` blocks, as the careful readers cut them).
_START = r"(?:\A\n*+|\n\n++)"
_END = r"(?=\n\n|\n?\Z)"
_TEXT = r"(?:\n([^\n]++(?:\n[^\n]++)*+))?"
# The timing line is one group: its fixed layout lets ``block_times`` read every line's digits at once.
_STAMP = r"[0-9]{2}:[0-5][0-9]:[0-5][0-9]"

# Both patterns give the groups (id, timing line, text); "" for a missing id or text.
# WebVTT: an optional id line (the lookahead spares the engine trying a timing line as the id).
VTT_BLOCK = re.compile(
    rf"{_START}(?:(?![0-9]{{2}}:)([^\n]++)\n)?({_STAMP}\.[0-9]{{3}} --> {_STAMP}\.[0-9]{{3}}){_TEXT}{_END}"
)
# SRT: an optional counter line; ``,`` or ``.`` before the milliseconds, as ``clock.canonical_pair``.
SRT_BLOCK = re.compile(
    rf"{_START}(?:([0-9]++)\n)?({_STAMP}[,.][0-9]{{3}} --> {_STAMP}[,.][0-9]{{3}}){_TEXT}{_END}"
)
# The groups of one matched block: (id, ``HH:MM:SS.mmm --> HH:MM:SS.mmm``, text).
Block = tuple[str, str, str]
# Character offsets of the digits in a timing line: hours, minutes, seconds, milliseconds, per side.
_LINE = len("00:00:00.000 --> 00:00:00.000")
_END_AT = len("00:00:00.000 --> ")


def tiles(body: str, pattern: re.Pattern[str]) -> list[Block] | None:
    """The groups of every block of ``body`` when the pattern matches each one, else None.

    One ``findall``; a match can only start at a block's start and must run to its end, so as many
    matches as blocks means every block matched. Blocks are counted without splitting the text when
    no run of three newlines makes the count ambiguous (``pieces`` serves the other files)."""
    if "\n\n\n" in body:
        return None
    core = body.strip("\n")
    found = pattern.findall(core)
    return found if len(found) == (core.count("\n\n") + 1 if core else 0) else None


def pieces(body: str, pattern: re.Pattern[str]) -> Iterator[Block | str]:
    """The groups of the matched blocks of ``body`` and the text between them (never empty), in
    file order."""
    pos = 0
    for m in pattern.finditer(body):
        if m.start() > pos:
            yield body[pos : m.start()]
        yield cast(Block, m.groups(""))
        pos = m.end()
    if pos < len(body):
        yield body[pos:]


def arrows_fit(body: str, matched: int, gaps: list[str]) -> bool:
    """True when each of ``matched`` blocks holds only the arrow of its timing line: every other
    arrow of ``body`` lies in the ``gaps`` the careful reader handles."""
    return body.count("-->") == matched + sum(gap.count("-->") for gap in gaps)


def times(block: Block) -> tuple[float, float]:
    """(start, end) of one matched block: the floats ``clock.seconds`` gives."""
    line = block[1]
    return (
        HOURS[line[0:2]] + MINSEC[line[3:8]] + MILLIS[line[9:12]],
        HOURS[line[17:19]] + MINSEC[line[20:25]] + MILLIS[line[26:29]],
    )


def block_times(found: list[Block]) -> tuple[list[float], list[float]]:
    """(starts, ends) of every matched block, read from all timing lines at once as one digit array.

    Each side is ``whole seconds + milliseconds / 1000`` in float64, the very floats ``clock.seconds``
    gives, at a small fraction of the cost of per-line lookups on long files."""
    digits = np.frombuffer("".join([block[1] for block in found]).encode("ascii"), dtype=np.uint8)
    table = digits.reshape(-1, _LINE).astype(np.int64) - ord("0")
    return _side(table, 0), _side(table, _END_AT)


def _side(table: npt.NDArray[np.int64], at: int) -> list[float]:
    def two(i: int) -> npt.NDArray[np.int64]:
        return table[:, at + i] * 10 + table[:, at + i + 1]

    whole = two(0) * 3600 + two(3) * 60 + two(6)
    millis = table[:, at + 9] * 100 + two(10)
    result: list[float] = (whole.astype(np.float64) + millis / 1000).tolist()
    return result


def plain_segments(found: list[Block], what: str) -> list[Segment] | None:
    """Segments of matched blocks when no cue text holds tags or dialogue dashes, else None (the
    caller's item path then reads them).

    Without those a cue's text is its character references decoded and its whitespace collapsed,
    and ``Name:`` prefixes are its only speakers: what both formats' item paths give such cues.
    Checks on one joined string stand in for per-cue tests where they can."""
    raws = [block[2] for block in found]
    joined = _JOIN.join(raws)
    if "<" in joined or "\n-" in joined or "\n–" in joined:
        return None
    if "&" in joined:
        raws = [html.unescape(raw) if "&" in raw else raw for raw in raws]
        joined = _JOIN.join(raws)
    texts = raws if _collapsed(joined) else [" ".join(raw.split()) for raw in raws]
    labelled = speaker_turns(texts)
    starts, ends = block_times(found)
    if labelled is None:
        return _unlabelled(starts, ends, texts, what)
    items = [
        (start, end, speaker, text)
        for start, end, (speaker, text) in zip(starts, ends, labelled, strict=True)
    ]
    return make_segments(items, what=what)


def _unlabelled(starts: list[float], ends: list[float], texts: list[str], what: str) -> list[Segment]:
    """Segments of texts without speakers, empty ones dropped: what ``make_segments`` gives, built
    without its per-item tuples and time checks (the patterns' two-digit hours keep every time
    plausible). One empty cue used to send a whole file down that path: a third of the parse of a
    3,700-cue SRT file."""
    rows = zip(starts, ends, texts, strict=True)
    kept = [row for row in rows if row[2]] if "" in texts else list(rows)
    if not kept:
        raise no_text(what)
    return [Segment(i, start, end, text, None) for i, (start, end, text) in enumerate(kept)]


# Joins cue texts for the whole-list checks: no whitespace, no markup, and ASCII (so that a joined
# ASCII text stays ASCII, in which the search for any non-ASCII character returns at once).
_JOIN = "\0"
# Every character ``str.split()`` splits at, but the space.
_OTHER_SPACES = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def _collapsed(joined: str) -> bool:
    """True when every text joined by ``_JOIN`` already has its whitespace collapsed: no whitespace but
    single spaces between other characters. (A ``_JOIN`` inside a text can only make this False.)"""
    return (
        "  " not in joined
        and f"{_JOIN} " not in joined
        and f" {_JOIN}" not in joined
        and not joined.startswith(" ")
        and not joined.endswith(" ")
        and not any(space in joined for space in _OTHER_SPACES)
    )
