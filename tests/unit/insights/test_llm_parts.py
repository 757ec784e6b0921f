"""Pure pieces of the LLM engine: answer parsing, quote repair, chunking, id validation."""

from __future__ import annotations

import itertools

import pytest

from podgist.insights.llm_client import LlmUnavailable, parse_answer, parse_object
from podgist.insights.llm_ground import Grounder, keywords, repair
from podgist.insights.llm_prompts import chunks, clock, segment_line

from .sample import interview, two_topics


def test_parse_object_tolerates_fences_and_chatter() -> None:
    assert parse_object('```json\n{"a": 1}\n```') == {"a": 1}
    assert parse_object('Here you go: {"a": [1, 2]} hope it helps') == {"a": [1, 2]}
    for bad in ("no json at all", "{broken", "[1, 2]"):
        with pytest.raises(LlmUnavailable, match="unparseable JSON"):
            parse_object(bad)
    with pytest.raises(LlmUnavailable, match="malformed response"):
        parse_answer(b'{"choices": []}')


def test_repair_finds_the_verbatim_span_or_gives_up() -> None:
    source = "Well, um, you should never try new food on race day, because your stomach will punish you. Yes."
    fixed = repair(source, "You should never try new foods on race day because your stomach will punish you")
    assert fixed == "you should never try new food on race day, because your stomach will punish you."
    assert repair(source, "Bread is overrated and I hate ovens") is None


def test_grounder_drops_unknown_ids_and_times_from_segments() -> None:
    segs = interview()
    g = Grounder.of(segs)
    assert g.positions([999, "x", 105, 103, 103]) == [3, 5]
    take = g.takeaway({"headline": "H", "segmentIds": [105, 103], "start": 0, "end": 99999})
    assert take is not None and take.segment_ids == [103, 105]
    assert (take.start, take.end) == (segs[3].start, segs[5].end)
    assert g.takeaway({"headline": "H", "segmentIds": [999]}) is None
    assert g.quote({"text": "invented words entirely", "segmentIds": [103]}) is None
    assert [k.term for k in keywords(["a", "a", 3, " b  c "])] == ["a", "b c"]


def test_chunks_cover_everything_once_and_respect_the_limit() -> None:
    segs = two_topics()
    parts = chunks(segs, max_chars=4000)
    assert len(parts) > 3
    assert parts[0][0] == 0 and parts[-1][1] == len(segs) - 1
    assert all(b[0] == a[1] + 1 for a, b in itertools.pairwise(parts))
    for lo, hi in parts:
        assert sum(len(segment_line(s)) + 1 for s in segs[lo : hi + 1]) <= 4000 * 1.25
    assert chunks(interview()) == [(0, 23)]


def test_segment_lines_show_id_time_and_speaker() -> None:
    seg = interview()[3]
    assert segment_line(seg).startswith(f"[{seg.id}] ({clock(seg.start)}) Ben Okafor: A good sourdough")
    assert clock(3725.2) == "1:02:05" and clock(65) == "1:05"
