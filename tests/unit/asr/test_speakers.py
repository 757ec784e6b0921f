"""Speakers are named only when that is safe; the diarization seam maps voice turns to segments."""

from __future__ import annotations

from pathlib import Path

from podgist.asr.speakers import (
    Diarizer,
    FeedPeopleDiarizer,
    Turn,
    apply_turns,
    distinct_names,
    label_speakers,
)
from podgist.models import Segment, Speaker

SEGMENTS = [
    Segment(id=0, start=0.0, end=4.0, text="Welcome to the show."),
    Segment(id=1, start=4.5, end=9.0, text="Thanks for having me."),
    Segment(id=2, start=9.5, end=12.0, text="Let us begin.", speaker="Producer"),
]


def test_one_named_person_speaks_every_unlabelled_line() -> None:
    out = label_speakers(SEGMENTS, [Speaker(name="Ada Lovelace", role="host")])
    assert [s.speaker for s in out] == ["Ada Lovelace", "Ada Lovelace", "Producer"]
    assert [(s.id, s.text, s.start, s.end) for s in out] == [(s.id, s.text, s.start, s.end) for s in SEGMENTS]


def test_two_people_leave_lines_unnamed_rather_than_guess() -> None:
    people = [Speaker(name="Ada", role="host"), Speaker(name="Grace", role="guest")]
    assert [s.speaker for s in label_speakers(SEGMENTS, people)] == [None, None, "Producer"]


def test_no_people_changes_nothing() -> None:
    assert label_speakers(SEGMENTS, []) == SEGMENTS


def test_the_same_person_listed_twice_counts_once() -> None:
    people = [Speaker(name="Ada  Lovelace", role="host"), Speaker(name="ada lovelace", role="guest")]
    assert distinct_names(people) == ["Ada Lovelace"]
    assert label_speakers(SEGMENTS, people)[0].speaker == "Ada Lovelace"


def test_blank_names_are_ignored() -> None:
    people = [Speaker(name="  "), Speaker(name="Grace")]
    assert [s.speaker for s in label_speakers(SEGMENTS, people)][:2] == ["Grace", "Grace"]


def test_turns_name_segments_they_mostly_cover() -> None:
    turns = [Turn(0.0, 4.2, "SPEAKER_00"), Turn(4.2, 12.0, "SPEAKER_01")]
    out = apply_turns(SEGMENTS, turns, {"SPEAKER_00": "Ada"})
    assert [s.speaker for s in out] == ["Ada", "SPEAKER_01", "Producer"]


def test_segment_split_between_turns_stays_unnamed() -> None:
    seg = Segment(id=0, start=0.0, end=10.0, text="Long line.")
    turns = [Turn(0.0, 4.0, "A"), Turn(4.0, 7.0, "B"), Turn(7.0, 10.0, "C")]
    assert apply_turns([seg], turns)[0].speaker is None
    assert apply_turns([seg], [Turn(0.0, 6.0, "A"), Turn(6.0, 10.0, "B")])[0].speaker == "A"


def test_default_diarizer_fits_the_protocol_and_uses_the_feed() -> None:
    diarizer: Diarizer = FeedPeopleDiarizer()
    out = diarizer(Path("episode.mp3"), SEGMENTS, [Speaker(name="Grace")])
    assert [s.speaker for s in out] == ["Grace", "Grace", "Producer"]
