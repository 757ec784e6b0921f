"""Building the one ``Segment`` list every parser returns, and the small facts callers ask of it."""

from __future__ import annotations

from collections.abc import Iterable

from podgist.errors import TranscriptInvalid
from podgist.models import Segment

# (start, end, speaker, text) as parsers collect them before numbering.
Item = tuple[float, float, str | None, str]

MAX_SECONDS = 1e9
"""No episode runs 31 years: a later time is garbage, and near float's range (an hour count of 300
digits, "1e308") writing it back to the millisecond overflowed."""


def plausible(time: float) -> bool:
    """A time a transcript can hold: finite, from zero to :data:`MAX_SECONDS`."""
    return 0 <= time <= MAX_SECONDS  # False for NaN too


def make_segments(items: Iterable[Item], *, what: str = "transcript") -> list[Segment]:
    """Number the non-empty items 0..n-1 as Segments, dropping any with an implausible time;
    ``TranscriptInvalid`` when none is left."""
    kept = [item for item in items if item[3] and plausible(item[0]) and plausible(item[1])]
    segments = [Segment(i, start, end, text, speaker) for i, (start, end, speaker, text) in enumerate(kept)]
    if not segments:
        raise no_text(what)
    return segments


def no_text(what: str) -> TranscriptInvalid:
    """The error for a ``what`` ("SRT file", "transcript" …) none of whose cues holds text."""
    return TranscriptInvalid(f"The {what} holds no cue with text.")


def speakers_of(segments: Iterable[Segment]) -> list[str]:
    """Distinct speaker names in order of first appearance."""
    seen: dict[str, None] = {}
    for seg in segments:
        if seg.speaker is not None:
            seen.setdefault(seg.speaker, None)
    return list(seen)


def renumber(segments: Iterable[Segment]) -> list[Segment]:
    """The same segments with ids 0..n-1 in order."""
    return [
        seg
        if seg.id == i
        else Segment(id=i, start=seg.start, end=seg.end, text=seg.text, speaker=seg.speaker)
        for i, seg in enumerate(segments)
    ]


def bracket_times(stamps: list[float | None]) -> list[tuple[float, float]]:
    """(start, end) for items of which only some carry a stamp, without inventing any time.

    An item's start is the last known stamp at or before it (0.0, the start of the episode, when none
    is known yet) and its end the next stamp after it, or its own start when no later stamp exists.
    So items between two stamps share the one interval the source proves they lie in.
    """
    starts: list[float] = []
    last = 0.0
    for stamp in stamps:
        if stamp is not None:
            last = stamp
        starts.append(last)
    ends: list[float] = [0.0] * len(stamps)
    following: float | None = None
    for i in range(len(stamps) - 1, -1, -1):
        ends[i] = following if following is not None and following >= starts[i] else starts[i]
        stamp = stamps[i]
        if stamp is not None:
            following = stamp
    return list(zip(starts, ends, strict=True))
