"""The careful WebVTT block reader: the WHATWG/W3C "collect a WebVTT block" steps, block by block.

This is the authority on what a block means; ``fastcues`` only takes over blocks of the one shape
whose reading here is plain (``read_blocks``' quick branch), and hands every other block back.

One documented divergence from Chromium, taken from the spec's own test suite: when a cue's text of two
or more lines runs straight into a timing line (no blank line), the text line just before the arrow is
the next cue's identifier. A cue never gives up its only text line that way (Chromium's reading).
"""

from __future__ import annotations

import re

from podgist.transcripts.clock import canonical_pair
from podgist.transcripts.vtt_timing import SettingValue, collect_timing

# (id, start, end, raw cue text, settings or None when the timing line set none) of one cue.
RawCue = tuple[str, float, float, str, dict[str, SettingValue] | None]

_SPLIT_WS = re.compile(r"[\t\n\f\r ]+")


class BlockState:
    """What the parser carries from block to block."""

    __slots__ = ("id_before_arrow", "region_count", "regions", "seen_cue")

    def __init__(self, id_before_arrow: bool) -> None:
        self.id_before_arrow = id_before_arrow
        self.regions: dict[str, int] = {}
        self.region_count = 0
        self.seen_cue = False


def read_blocks(text: str, state: BlockState, cues: list[RawCue]) -> None:
    """Append the cues of ``text`` (whole blocks, split at blank lines) to ``cues``.

    Blocks of the usual shape (an optional id line, a timing line, text without arrows) are read
    directly; any other block walks the spec's block algorithm line by line (``collect``)."""
    for block in text.split("\n\n"):
        block = block.strip("\n")
        if not block:
            continue
        first, _, rest = block.partition("\n")
        cue_id = ""
        if "-->" not in first:
            cue_id, first, rest = first, *rest.partition("\n")[::2]
        if "-->" in first and "-->" not in rest:
            pair = canonical_pair(first) if len(first) == 29 and first[8] == "." == first[25] else None
            if pair is not None:
                state.seen_cue = True
                cues.append((cue_id, pair[0], pair[1], rest, None))
                continue
            timing = collect_timing(first, state.regions)
            if timing is not None:
                state.seen_cue = True
                cues.append((cue_id, timing[0], timing[1], rest, timing[2]))
            continue
        collect(block.split("\n"), state, cues)


def _region_id(lines: list[str]) -> str | None:
    region_id: str | None = None
    for setting in _SPLIT_WS.split(" ".join(lines)):
        name, colon, value = setting.partition(":")
        if colon and name == "id" and value:
            region_id = value
    return region_id


def _is_block_keyword(line: str, keyword: str) -> bool:
    return line.startswith(keyword) and not line[len(keyword) :].strip("\t\n\f\r ")


def collect(lines: list[str], state: BlockState, cues: list[RawCue]) -> None:
    """The spec's "collect a WebVTT block", repeated over ``lines`` (one block's lines, no blank)."""
    i, n = 0, len(lines)
    while i < n:
        line_count = 0
        seen_arrow = False
        buffer: list[str] = []
        cue_id = ""
        timing: tuple[float, float, dict[str, SettingValue]] | None = None
        is_region = False
        while i < n:
            line = lines[i]
            line_count += 1
            if "-->" in line:
                if line_count == 1 or (line_count == 2 and not seen_arrow):
                    seen_arrow = True
                    timing = collect_timing(line, state.regions)
                    if timing is not None:
                        cue_id, buffer, state.seen_cue = "\n".join(buffer), [], True
                    i += 1
                    continue
                if state.id_before_arrow and timing is not None and len(buffer) > 1:
                    buffer.pop()
                    i -= 1
                break
            if line_count == 2 and not state.seen_cue and buffer:
                if _is_block_keyword(buffer[0], "STYLE"):
                    buffer = []
                elif _is_block_keyword(buffer[0], "REGION"):
                    buffer, is_region = [], True
            buffer.append(line)
            i += 1
        if timing is not None:
            start, end, settings = timing
            cues.append((cue_id, start, end, "\n".join(buffer), settings))
        elif is_region:
            region_id = _region_id(buffer)
            if region_id is not None:
                state.regions[region_id] = state.region_count
                state.region_count += 1
