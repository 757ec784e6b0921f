"""WebVTT, read by the WHATWG/W3C WebVTT file parsing algorithm.

``parse_cues`` gives the cues exactly as a browser builds them (id, times, raw cue text with its tags,
settings); ``parse`` gives Segments: tags stripped, ``<v Name>`` voices as speakers (a cue holding two
voices becomes two segments), ``Name:`` prefixes read as speakers when a file has no voice tags, and
the rolling repeats of YouTube auto-captions dropped.

Blocks of the usual shape are read by one regex pass (``fastcues``); the careful block reader
(``vtt_blocks``, the spec's algorithm) reads every other block and stays the authority.
"""

from __future__ import annotations

import msgspec

from podgist.errors import TranscriptInvalid
from podgist.models import Segment
from podgist.transcripts import vtt_items
from podgist.transcripts.fastcues import (
    VTT_BLOCK,
    Block,
    arrows_fit,
    block_times,
    pieces,
    plain_segments,
    tiles,
    times,
)
from podgist.transcripts.segments import Item, make_segments
from podgist.transcripts.vtt_blocks import BlockState, RawCue, read_blocks
from podgist.transcripts.vtt_timing import SettingValue


class Cue(msgspec.Struct, frozen=True):
    """One WebVTT cue as the parsing algorithm builds it; ``text`` is the raw cue text, tags included."""

    id: str
    start: float
    end: float
    text: str
    settings: dict[str, SettingValue] = {}


def prepare(text: str) -> str:
    """The spec's preprocessing: BOM dropped, NUL to U+FFFD, CRLF and lone CR to LF.

    LF CR also counts as one line end, as the spec's test suite expects (and as files written
    with reversed Windows line ends need)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\0" in text:
        text = text.replace("\0", "\ufffd")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\n\r", "\n").replace("\r", "\n")
    return text


def has_signature(text: str) -> bool:
    """True when prepared text opens with the WebVTT signature (``WEBVTT`` then space, tab, LF or end)."""
    return text.startswith("WEBVTT") and (len(text) == 6 or text[6] in " \t\n")


def _body(text: str) -> str:
    """The text after the signature line and the header block (which an arrow line also ends)."""
    blank = text.find("\n\n")
    header = text if blank < 0 else text[:blank]
    offset = 0
    for k, line in enumerate(header.split("\n")):
        if k and "-->" in line:
            return text[offset:]
        offset += len(line) + 1
    return "" if blank < 0 else text[blank + 2 :]


def _signed_body(text: str) -> str:
    """The prepared body of a WebVTT file; ``TranscriptInvalid`` when the signature is missing."""
    text = prepare(text)
    if not has_signature(text):
        raise TranscriptInvalid("The file does not start with the WEBVTT signature.")
    return _body(text)


def _tiled(body: str) -> list[Block] | None:
    """The blocks of a body whose every block has the usual shape (see ``fastcues``), else None."""
    found = tiles(body, VTT_BLOCK)
    return found if found is not None and body.count("-->") == len(found) else None


def _raw_cues(body: str, found: list[Block] | None, id_before_arrow: bool) -> list[RawCue]:
    """(id, start, end, raw text, settings or None) of every cue of a body; see ``parse_cues``.
    ``found`` is the body's ``_tiled`` blocks."""
    if found is None:
        return _mixed(body, id_before_arrow)
    starts, ends = block_times(found)
    return [
        (cue_id, start, end, raw, None)
        for (cue_id, _, raw), start, end in zip(found, starts, ends, strict=True)
    ]


def _mixed(body: str, id_before_arrow: bool) -> list[RawCue]:
    """Cues of a body with blocks of other shapes: the careful reader takes the text between the
    blocks that the pattern matched (the whole body when the arrow count disproves a match)."""
    state = BlockState(id_before_arrow)
    cues: list[RawCue] = []
    gaps: list[str] = []
    matched = 0
    for piece in pieces(body, VTT_BLOCK):
        if isinstance(piece, str):
            gaps.append(piece)
            read_blocks(piece, state, cues)
            continue
        cues.append((piece[0], *times(piece), piece[2], None))
        state.seen_cue = True
        matched += 1
    if arrows_fit(body, matched, gaps):
        return cues
    cues = []
    read_blocks(body, BlockState(id_before_arrow), cues)
    return cues


def parse_cues(text: str, *, id_before_arrow: bool = True) -> list[Cue]:
    """Every cue of a WebVTT file in order. ``TranscriptInvalid`` when the signature is missing.

    ``id_before_arrow=False`` gives Chromium's reading of a timing line inside cue text (the
    preceding line stays cue text) instead of the spec test suite's (it becomes the next cue's id
    when the cue keeps another text line).
    """
    body = _signed_body(text)
    return [
        Cue(cue_id, start, end, raw) if settings is None else Cue(cue_id, start, end, raw, settings)
        for cue_id, start, end, raw, settings in _raw_cues(body, _tiled(body), id_before_arrow)
    ]


def cue_items(cues: list[Cue]) -> list[Item]:
    """(start, end, speaker, text) items of cues: voices split, dialogue dashes split, rolling repeats
    dropped, and ``Name:`` prefixes read as speakers when no cue names a voice."""
    return vtt_items.cue_items([(cue.id, cue.start, cue.end, cue.text, cue.settings) for cue in cues])


def parse(text: str) -> list[Segment]:
    """Segments of a WebVTT file; ``TranscriptInvalid`` when it is not WebVTT or has no cue with text."""
    body = _signed_body(text)
    found = _tiled(body)
    if found is not None:
        segments = plain_segments(found, "WebVTT file")
        if segments is not None:
            return segments
    return make_segments(vtt_items.cue_items(_raw_cues(body, found, True)), what="WebVTT file")
