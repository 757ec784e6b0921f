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

from podgist.models import Segment
from podgist.transcripts.clock import HOURS, MILLIS, MINSEC
from podgist.transcripts.segments import make_segments
from podgist.transcripts.speakers import has_labels, label_texts

# A block starts the body or follows a blank line, and ends at a blank line or the end of the body;
# in between its lines are non-empty (``text.split("\n\n")`` blocks, as the careful readers cut them).
_START = r"(?:\A\n*+|\n\n++)"
_END = r"(?=\n\n|\n?\Z)"
_TEXT = r"(?:\n([^\n]++(?:\n[^\n]++)*+))?"
# Hours, "MM:SS" and milliseconds as separate groups: the callers add up table lookups
# (``clock.HOURS`` etc.) instead of calling ``int`` eight times per timing line.
_STAMP = r"([0-9]{2}):([0-5][0-9]:[0-5][0-9])"

# Both patterns give the groups (id, h, mm:ss, ms, h, mm:ss, ms, text); "" for a missing id or text.
# WebVTT: an optional id line (the lookahead spares the engine trying a timing line as the id).
VTT_BLOCK = re.compile(
    rf"{_START}(?:(?![0-9]{{2}}:)([^\n]++)\n)?{_STAMP}\.([0-9]{{3}}) --> {_STAMP}\.([0-9]{{3}}){_TEXT}{_END}"
)
# SRT: an optional counter line; ``,`` or ``.`` before the milliseconds, as ``clock.canonical_pair``.
SRT_BLOCK = re.compile(
    rf"{_START}(?:([0-9]++)\n)?{_STAMP}[,.]([0-9]{{3}}) --> {_STAMP}[,.]([0-9]{{3}}){_TEXT}{_END}"
)
# The groups of one matched block.
Block = tuple[str, str, str, str, str, str, str, str]


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
    """(start, end) of a matched block: sums of table lookups, the floats ``clock.seconds`` gives."""
    return HOURS[block[1]] + MINSEC[block[2]] + MILLIS[block[3]], HOURS[block[4]] + MINSEC[block[5]] + MILLIS[
        block[6]
    ]


def plain_segments(found: list[Block], what: str) -> list[Segment] | None:
    """Segments of matched blocks when no cue text holds tags or dialogue dashes, else None (the
    caller's item path then reads them).

    Without those a cue's text is its character references decoded and its whitespace collapsed,
    and ``Name:`` prefixes are its only speakers: what both formats' item paths give such cues.
    Checks on one joined string stand in for per-cue tests where they can."""
    raws = [block[7] for block in found]
    joined = _JOIN.join(raws)
    if "<" in joined or "\n-" in joined or "\n–" in joined:
        return None
    if "&" in joined:
        raws = [html.unescape(raw) if "&" in raw else raw for raw in raws]
        joined = _JOIN.join(raws)
    texts = raws if _collapsed(joined) else [" ".join(raw.split()) for raw in raws]
    labelled = label_texts(texts) if has_labels(texts) else None
    if labelled is None and texts and "" not in texts:
        return [
            Segment(i, HOURS[h1] + MINSEC[ms1] + MILLIS[f1], HOURS[h2] + MINSEC[ms2] + MILLIS[f2], text, None)
            for i, ((_, h1, ms1, f1, h2, ms2, f2, _), text) in enumerate(zip(found, texts, strict=True))
        ]
    if labelled is None:
        labelled = [(None, text) for text in texts]
    items = [(*times(block), speaker, text) for block, (speaker, text) in zip(found, labelled, strict=True)]
    return make_segments(items, what=what)


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
