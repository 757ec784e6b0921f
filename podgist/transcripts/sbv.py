"""YouTube SBV captions (``0:00:01.000,0:00:02.000`` then the text), read like lenient SRT."""

from __future__ import annotations

import re

from podgist.errors import TranscriptInvalid
from podgist.models import Segment
from podgist.transcripts.segments import make_segments
from podgist.transcripts.srt import TS, cue_items, raw_cues

TIMING = re.compile(rf"^[ \t]*{TS}[ \t]*,[ \t]*{TS}[ \t]*$", re.M)


def looks_like(text: str) -> bool:
    """True when the first non-blank line is an SBV timing line."""
    first = text.lstrip("\ufeff \t\r\n").split("\n", 1)[0].rstrip("\r")
    return TIMING.fullmatch(first) is not None


def parse(text: str) -> list[Segment]:
    """Segments of an SBV file; ``TranscriptInvalid`` when no timing line with text is found."""
    cues = raw_cues(text.removeprefix("\ufeff"), TIMING)
    if not cues:
        raise TranscriptInvalid("No SBV timing line (0:00:01.000,0:00:02.000) was found.")
    return make_segments(cue_items(cues), what="SBV file")
