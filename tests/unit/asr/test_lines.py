"""Transcript lines from timed words: sentence ends, pauses, the length cap, and times from the words."""

from __future__ import annotations

import pytest

from podgist.asr.lines import MAX_LINE_S, PAUSE_S, Line, Word, ends_sentence, split_lines


def spoken(text: str, step: float = 0.4, gaps: dict[int, float] | None = None) -> list[Word]:
    """Words of ``text`` as the recognizer gives them (leading space), one per ``step`` s, plus ``gaps``."""
    words: list[Word] = []
    t = 0.0
    for i, token in enumerate(text.split()):
        t += (gaps or {}).get(i, 0.0)
        words.append(Word(f" {token}", round(t, 3), round(t + step * 0.8, 3)))
        t += step
    return words


def test_sentences_become_lines_timed_by_their_words() -> None:
    words = spoken("Welcome to the show. Why do tomatoes grow? They love sun!")
    lines = split_lines(words)
    assert [line.text for line in lines] == [
        "Welcome to the show.",
        "Why do tomatoes grow?",
        "They love sun!",
    ]
    assert lines[0] == Line("Welcome to the show.", words[0].start, words[3].end)
    assert lines[1].start == words[4].start and lines[2].end == words[-1].end


def test_a_long_pause_ends_a_line_mid_sentence() -> None:
    words = spoken("so I was thinking that we could", gaps={4: PAUSE_S})
    assert [line.text for line in split_lines(words)] == ["so I was thinking", "that we could"]
    shorter = spoken("so I was thinking that we could", gaps={4: PAUSE_S * 0.5})
    assert len(split_lines(shorter)) == 1


def test_no_line_runs_past_the_cap() -> None:
    words = spoken(" ".join(["word"] * 100), step=0.5)  # 50 s without a full stop or a pause
    lines = split_lines(words)
    assert len(lines) >= 50 / MAX_LINE_S
    assert all(line.end - line.start <= MAX_LINE_S for line in lines)
    assert " ".join(line.text for line in lines) == " ".join(["word"] * 100)


@pytest.mark.parametrize(
    ("token", "ends"),
    [
        ("done.", True),
        ("why?", True),
        ("'yes!'", True),
        ("(really.)", True),
        ("so…", True),
        ("Dr.", False),
        ("e.g.", False),
        ("J.", False),
        ("3.5", False),
        ("well,", False),
        ("", False),
    ],
)
def test_what_ends_a_sentence(token: str, ends: bool) -> None:
    assert ends_sentence(f" {token}") is ends


def test_abbreviations_and_initials_keep_the_line_together() -> None:
    words = spoken("Dr. Smith met J. R. Tolkien. Then lunch.")
    assert [line.text for line in split_lines(words)] == ["Dr. Smith met J. R. Tolkien.", "Then lunch."]


def test_blank_words_are_dropped_and_no_words_make_no_lines() -> None:
    assert split_lines([]) == []
    assert split_lines([Word(" ", 0.0, 0.1), Word("", 0.1, 0.2)]) == []
    lines = split_lines([Word(" ", 0.0, 0.1), Word(" Hi.", 0.2, 0.5), Word("  ", 0.6, 0.7)])
    assert lines == [Line("Hi.", 0.2, 0.5)]


def test_the_recognizers_spelling_and_spacing_are_kept() -> None:
    words = [Word(" It", 0.0, 0.2), Word("'s", 0.2, 0.3), Word(" fine,", 0.3, 0.6), Word(" Bob.", 0.6, 0.9)]
    assert split_lines(words) == [Line("It's fine, Bob.", 0.0, 0.9)]
