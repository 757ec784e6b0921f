"""Transcript search: phrases, case, quoted terms, highlighted and cropped snippets."""

from __future__ import annotations

import pytest

from podgist.errors import ValidationFailed
from podgist.models import Episode, Segment, Transcript
from podgist.search import search, terms

LONG = ("Filler words here. " * 10) + "The Wild  Yeast matters most." + (" More filler text." * 10)


def episode() -> Episode:
    segments = [
        Segment(id=0, start=0.0, end=4.0, text="Sourdough is about patience and wild yeast.", speaker="Bob"),
        Segment(id=1, start=65.0, end=70.0, text="Yeast is wild; patience too.", speaker="Alice"),
        Segment(id=2, start=3700.0, end=3710.0, text=LONG),
    ]
    return Episode(id="ep_s", title="t", transcript=Transcript(source="x", segments=segments))


def test_phrase_is_case_and_space_insensitive() -> None:
    result = search(episode(), "WILD yeast")
    assert [h.segment_id for h in result.hits] == [0, 2]
    first = result.hits[0]
    assert first.snippet == "Sourdough is about patience and **wild yeast**."
    assert (first.start, first.end, first.time, first.speaker) == (0.0, 4.0, "0:00", "Bob")
    assert result.count == 2 and result.episode_id == "ep_s"


def test_quoted_parts_are_each_required() -> None:
    result = search(episode(), '"patience" yeast')
    assert [h.segment_id for h in result.hits] == [0, 1]
    assert result.hits[1].snippet == "**Yeast** is wild; **patience** too."
    assert result.hits[1].time == "1:05"


def test_long_segments_are_cropped_around_the_match() -> None:
    hit = search(episode(), "wild yeast").hits[1]
    assert hit.time == "1:01:40"
    assert hit.snippet.startswith("…") and hit.snippet.endswith("…")
    assert "**Wild  Yeast**" in hit.snippet
    assert len(hit.snippet) < len(LONG)
    assert hit.text == LONG


def test_no_match_is_empty_not_an_error() -> None:
    assert search(episode(), "rye").hits == []


@pytest.mark.parametrize("query", ["", "   ", '""', "x" * 201])
def test_empty_or_huge_queries_are_refused(query: str) -> None:
    with pytest.raises(ValidationFailed):
        terms(query)
