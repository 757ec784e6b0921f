"""Who is talking: the seam where a diarization backend plugs in, and the safe default behind it.

Recognized segments carry no speaker. A wrong name is worse than none (quotes and answers get
attributed to the wrong person), so the default names a speaker only when the feed leaves no doubt:
exactly one person named for the episode means every line is theirs; otherwise lines stay unnamed.
A real backend implements :class:`Diarizer`, finds voice turns in the audio and can hand them to
:func:`apply_turns`, which does the overlap bookkeeping.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from podgist.models import Segment, Speaker

MIN_TURN_OVERLAP = 0.5
"""A segment takes a turn's speaker only when that turn covers at least this share of the segment."""


class Diarizer(Protocol):
    """Labels segments with speakers, from the audio and the people the feed names."""

    def __call__(self, audio: Path, segments: Sequence[Segment], people: Sequence[Speaker]) -> list[Segment]:
        """Return ``segments`` in the same order, with ``speaker`` set where known."""
        ...


@dataclass(frozen=True)
class Turn:
    """A stretch of audio a diarization backend attributes to one voice (``label`` is its own tag)."""

    start: float
    end: float
    label: str


def label_speakers(segments: Sequence[Segment], people: Sequence[Speaker]) -> list[Segment]:
    """Name the speaker of every unnamed segment when exactly one person is named; else change nothing."""
    names = distinct_names(people)
    if len(names) != 1:
        return list(segments)
    return [seg if seg.speaker else _with_speaker(seg, names[0]) for seg in segments]


def distinct_names(people: Sequence[Speaker]) -> list[str]:
    """The people's names, trimmed, without blanks or case-insensitive duplicates, in order."""
    seen: set[str] = set()
    names: list[str] = []
    for person in people:
        name = " ".join(person.name.split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def apply_turns(
    segments: Sequence[Segment], turns: Sequence[Turn], names: Mapping[str, str] | None = None
) -> list[Segment]:
    """Give each unnamed segment the speaker of the turn that covers most of it.

    ``names`` maps a backend's labels to people (``{"SPEAKER_00": "Ada"}``); unmapped labels are used
    as they are. A segment no turn covers for at least ``MIN_TURN_OVERLAP`` of its length stays unnamed.
    """
    mapping = names or {}
    out: list[Segment] = []
    for seg in segments:
        label = None if seg.speaker else _dominant_label(seg, turns)
        out.append(_with_speaker(seg, mapping.get(label, label)) if label else seg)
    return out


class FeedPeopleDiarizer:
    """The default :class:`Diarizer`: ignores the audio and applies :func:`label_speakers`."""

    def __call__(self, audio: Path, segments: Sequence[Segment], people: Sequence[Speaker]) -> list[Segment]:
        """Label from the feed's people alone."""
        del audio  # nothing to hear with: the rule rests on the feed
        return label_speakers(segments, people)


def _dominant_label(seg: Segment, turns: Sequence[Turn]) -> str | None:
    length = seg.end - seg.start
    overlap: dict[str, float] = {}
    for turn in turns:
        shared = min(seg.end, turn.end) - max(seg.start, turn.start)
        if shared > 0:
            overlap[turn.label] = overlap.get(turn.label, 0.0) + shared
        elif length <= 0 and turn.start <= seg.start < turn.end:
            overlap[turn.label] = overlap.get(turn.label, 0.0)  # a zero-length segment inside the turn
    if not overlap:
        return None
    label, shared = max(overlap.items(), key=lambda item: item[1])
    return label if length <= 0 or shared >= MIN_TURN_OVERLAP * length else None


def _with_speaker(seg: Segment, speaker: str) -> Segment:
    return Segment(id=seg.id, start=seg.start, end=seg.end, text=seg.text, speaker=speaker)
