"""SubRip (SRT), read leniently the way players do.

Cue numbers may be missing, wrong or out of order; milliseconds may follow a comma or a dot (or be
absent); blank lines between cues may be missing. A cue is its timing line plus the text lines after
it, up to a blank line or the next timing line (whose counter line, if any, is not text). Text found
after a blank line but before the next timing line (a cue whose timing line is missing) is kept with
the cue before it rather than lost. ``Name:`` prefixes become speakers (see ``speakers``).
"""

from __future__ import annotations

import re

from podgist.errors import TranscriptInvalid
from podgist.models import Segment
from podgist.transcripts.clock import canonical_pair, fraction_millis, seconds
from podgist.transcripts.cuetext import SUBRIP_TAG, dialogue_lines, plain
from podgist.transcripts.fastcues import (
    SRT_BLOCK,
    Block,
    arrows_fit,
    block_times,
    pieces,
    plain_segments,
    tiles,
    times,
)
from podgist.transcripts.segments import Item, make_segments
from podgist.transcripts.speakers import speaker_turns

TS = r"(?:([0-9]{1,3}):)?([0-9]{1,2}):([0-9]{1,2})(?:[,.:]([0-9]{1,3})[0-9]*)?"
TIMING = re.compile(rf"^[ \t]*{TS}[ \t]*-->[ \t]*{TS}[^\n]*$", re.M)
_COUNTER = re.compile(r"[ \t]*[0-9]+[ \t]*")
_ASS_TAG = re.compile(r"\{\\[^}]*\}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def _time(groups: tuple[str | None, ...]) -> float:
    hours, minutes, secs, frac = groups
    return seconds(int(hours or 0), int(minutes or 0), int(secs or 0), fraction_millis(frac))


def _timing_debris(line: str) -> bool:
    """A broken timing line (``00:00:1d.890 --> …``): mostly clock characters, never text."""
    clockish = sum(ch in "0123456789:.,->" for ch in line)
    return ":" in line and clockish > 0.7 * len(line.strip())


def _cue_lines(block: str, *, last: bool) -> tuple[list[str], list[str]]:
    """(text lines, orphan lines) of the text between two timing lines."""
    lines = block.strip("\n").split("\n") if block.strip() else []
    if not last and lines and _COUNTER.fullmatch(lines[-1]):
        lines.pop()
    if "" not in lines:
        return lines, []
    cut = lines.index("")
    orphans = [line for line in lines[cut + 1 :] if line.strip() and not _timing_debris(line)]
    if orphans and _COUNTER.fullmatch(orphans[0]):
        orphans = orphans[1:]
    return lines[:cut], orphans


def _careful(text: str, timing: re.Pattern[str]) -> list[tuple[float, float, str]]:
    """Cues of text in any shape: each timing line with the text after it (see the module docstring)."""
    matches = list(timing.finditer(text))
    cues: list[tuple[float, float, str]] = []
    for k, m in enumerate(matches):
        stop = matches[k + 1].start() if k + 1 < len(matches) else len(text)
        lines, orphans = _cue_lines(text[m.end() : stop], last=k + 1 == len(matches))
        cues.append((_time(m.groups()[:4]), _time(m.groups()[4:]), "\n".join(lines + orphans)))
    return cues


def _orphan_text(block: str) -> str:
    """Text of a block without any timing line (its counter and timing debris dropped)."""
    lines = [line for line in block.split("\n") if line.strip() and not _timing_debris(line)]
    if lines and _COUNTER.fullmatch(lines[0]):
        lines = lines[1:]
    return "\n".join(lines)


def _normalize(text: str) -> str:
    """LF line ends, and no spaces or tabs before them (so that a blank line is always "\n\n")."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # a one-character search is a memchr; the two-character one scans far slower, so it runs only if needed
    if " \n" in text or ("\t" in text and "\t\n" in text):
        text = _TRAILING_SPACE.sub("\n", text)
    return text


def _tiled(text: str) -> list[Block] | None:
    """The blocks of a normalized text whose every block has the usual shape (see ``fastcues``)."""
    found = tiles(text, SRT_BLOCK)
    return found if found is not None and text.count("-->") == len(found) else None


def raw_cues(text: str, timing: re.Pattern[str] = TIMING) -> list[tuple[float, float, str]]:
    """(start, end, raw text) of every cue, in file order. ``timing`` matches a whole timing line
    with groups (h, m, s, fraction) twice (SBV passes its own).

    Blocks of the usual shape (counter, ``HH:MM:SS,mmm --> HH:MM:SS,mmm``, text) are read by one
    regex pass (``fastcues``); any other block goes through the careful block reader. A block with
    no timing line at all joins the cue before it."""
    text = _normalize(text)
    return _cues(text, _tiled(text) if timing is TIMING else None, timing)


def _cues(text: str, found: list[Block] | None, timing: re.Pattern[str]) -> list[tuple[float, float, str]]:
    """Cues of a normalized text; ``found`` is its ``_tiled`` blocks (None: not all of the usual shape)."""
    if found is not None:
        starts, ends = block_times(found)
        cues = list(zip(starts, ends, [block[2] for block in found], strict=True))
    elif timing is TIMING:
        cues = _mixed(text)
    else:
        cues = []
        _read_blocks(text, timing, cues)
    if "{\\" not in text:
        return cues
    return [(s, e, _ASS_TAG.sub("", body) if "{\\" in body else body) for s, e, body in cues]


def _mixed(text: str) -> list[tuple[float, float, str]]:
    """Cues of a text with blocks of other shapes: the careful reader takes the text between the
    blocks that the pattern matched (the whole text when the arrow count disproves a match)."""
    cues: list[tuple[float, float, str]] = []
    gaps: list[str] = []
    matched = 0
    for piece in pieces(text, SRT_BLOCK):
        if isinstance(piece, str):
            gaps.append(piece)
            _read_blocks(piece, TIMING, cues)
        else:
            cues.append((*times(piece), piece[2]))
            matched += 1
    if arrows_fit(text, matched, gaps):
        return cues
    cues = []
    _read_blocks(text, TIMING, cues)
    return cues


def _read_blocks(text: str, timing: re.Pattern[str], cues: list[tuple[float, float, str]]) -> None:
    """Append the cues of ``text`` (whole blocks, split at blank lines) to ``cues``, block by block."""
    fast = timing is TIMING
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        first, _, rest = block.partition("\n")
        if fast and first.isdigit():
            first, _, rest = rest.partition("\n")
        pair = canonical_pair(first) if fast and len(first) == 29 else None
        if pair is not None and "-->" not in rest:
            cues.append((pair[0], pair[1], rest))
            continue
        found = _careful(block, timing)
        if found:
            cues.extend(found)
        elif cues and (orphan := _orphan_text(block)):
            start, end, body = cues[-1]
            cues[-1] = (start, end, f"{body}\n{orphan}")


def cue_items(cues: list[tuple[float, float, str]]) -> list[Item]:
    """Items of raw caption cues: dialogue dashes split, tags stripped, ``Name:`` prefixes as speakers."""
    parts: list[tuple[float, float, str]] = []
    append = parts.append
    for start, end, raw in cues:
        if "<" in raw or "&" in raw or "- " in raw:
            for part in dialogue_lines(raw):
                append((start, end, plain(part, SUBRIP_TAG)))
        else:
            append((start, end, " ".join(raw.split())))
    labelled = speaker_turns([text for _, _, text in parts])
    if labelled is None:
        return [(start, end, None, text) for start, end, text in parts]
    return [
        (start, end, speaker, text) for (start, end, _), (speaker, text) in zip(parts, labelled, strict=True)
    ]


def parse(text: str) -> list[Segment]:
    """Segments of an SRT file; ``TranscriptInvalid`` when no timing line with text is found."""
    text = _normalize(text.removeprefix("\ufeff"))
    found = _tiled(text)
    if found and "{\\" not in text:
        segments = plain_segments(found, "SRT file")
        if segments is not None:
            return segments
    cues = _cues(text, found, TIMING)
    if not cues:
        raise TranscriptInvalid("No SRT timing line (00:00:01,000 --> 00:00:02,000) was found.")
    return make_segments(cue_items(cues), what="SRT file")
