"""Hallucination loops are cut; ordinary repetition in speech is left alone."""

from __future__ import annotations

from podgist.asr.loops import cut_loops, cut_phrase_loops
from podgist.models import Segment


def seg(i: int, text: str) -> Segment:
    return Segment(id=i, start=float(i), end=i + 0.9, text=text)


def texts(segments: list[Segment]) -> list[str]:
    return [s.text for s in segments]


def test_repeated_line_keeps_first_copy_only() -> None:
    segments = [
        seg(0, "Welcome back."),
        *(seg(i, "Thank you.") for i in range(1, 9)),
        seg(9, "Let us start."),
    ]
    out = cut_loops(segments)
    assert texts(out) == ["Welcome back.", "Thank you.", "Let us start."]
    assert [s.id for s in out] == [0, 1, 9]  # the first copy keeps its own time and id


def test_repeats_differing_only_in_case_and_punctuation_are_one_loop() -> None:
    segments = [seg(0, "I'm going."), seg(1, "i'm going"), seg(2, "I'm GOING!"), seg(3, "Done.")]
    assert texts(cut_loops(segments)) == ["I'm going.", "Done."]


def test_cycle_of_two_lines_is_a_loop() -> None:
    cycle = ["Subscribe to the channel.", "Thanks for watching."] * 4
    segments = [seg(i, t) for i, t in enumerate([*cycle, "Real content."])]
    assert texts(cut_loops(segments)) == [*cycle[:2], "Real content."]


def test_a_line_said_twice_is_not_a_loop() -> None:
    segments = [seg(0, "Right."), seg(1, "Right."), seg(2, "So where were we?")]
    assert cut_loops(segments) == segments


def test_phrase_loop_inside_a_line_is_collapsed() -> None:
    text = "And that is why " + "we need to talk about it " * 6 + "today."
    assert cut_phrase_loops(text) == "And that is why we need to talk about it today."


def test_single_word_repeated_endlessly_is_collapsed() -> None:
    assert cut_phrase_loops("So " + "yeah " * 20 + "anyway.") == "So yeah anyway."


def test_emphasis_and_stutter_survive() -> None:
    for text in ("No, no, no. That is not it.", "It was very, very, very good.", "I I I think so."):
        assert cut_phrase_loops(text) == text


def test_segment_made_only_of_a_loop_keeps_one_copy_and_its_times() -> None:
    looping = seg(3, "la la " * 10)
    out = cut_loops([looping])
    assert texts(out) == ["la"]
    assert (out[0].start, out[0].end, out[0].id) == (3.0, 3.9, 3)


def test_empty_input_and_clean_input_pass_through() -> None:
    clean = [seg(0, "Hello there."), seg(1, "How are you?"), seg(2, "Fine, thanks.")]
    assert cut_loops([]) == []
    assert cut_loops(clean) == clean


def test_punctuation_only_lines_are_not_merged_into_loops() -> None:
    segments = [seg(0, "..."), seg(1, "..."), seg(2, "..."), seg(3, "Go on.")]
    assert texts(cut_loops(segments)) == ["...", "...", "...", "Go on."]
