"""Sentence units: verbatim, grounded in the right segments, split sensibly."""

from __future__ import annotations

from podgist.insights.text import sentence_spans, stem, terms, tidy
from podgist.insights.units import build_units, joined, locate
from podgist.models import Segment

from .sample import captions, interview


def test_units_are_verbatim_and_grounded() -> None:
    segs = interview()
    units = build_units(segs)
    assert len(units) >= len(segs)
    for u in units:
        assert u.text in joined(segs, u.first, u.last)
        assert u.start == segs[u.first].start and u.end == segs[u.last].end
        assert all(segs[p].speaker == u.speaker for p in range(u.first, u.last + 1))


def test_sentence_spans_a_cue_boundary() -> None:
    segs = captions(["So the thing about", "sourdough is patience. And the", "oven must be hot."])
    units = build_units(segs)
    assert [u.text for u in units] == [
        "So the thing about sourdough is patience.",
        "And the oven must be hot.",
    ]
    assert (units[0].first, units[0].last) == (0, 1)
    assert (units[1].first, units[1].last) == (1, 2)


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = "Dr. Smith met J. R. Tolkien at 5 p.m. in the U.S. office. Then he left."
    spans = sentence_spans(text)
    assert [text[a:b] for a, b in spans][-1] == "Then he left."
    assert text[spans[0][0] : spans[0][1]].startswith("Dr. Smith met J. R. Tolkien")


def test_unpunctuated_captions_split_at_capitalised_cues() -> None:
    cues = ["My name is something that I'm here to say", "And then you're like come on", "The rap sounds sad"]
    units = build_units(captions(cues * 20))
    assert len(units) == 60
    assert units[1].text == "And then you're like come on"


def test_very_long_sentences_are_cut() -> None:
    text = ", ".join(["we kept baking bread"] * 40)
    units = build_units([Segment(id=0, start=0.0, end=60.0, text=text)])
    assert len(units) > 1
    assert all(u.words <= 60 for u in units)
    assert all(u.text in text for u in units)


def test_locate_finds_the_covered_segments() -> None:
    segs = captions(["one two", "three four", "five six"])
    assert locate(segs, 0, 2, "two three") == (0, 1)
    assert locate(segs, 0, 2, "six") == (2, 2)
    assert locate(segs, 0, 2, "seven") is None


def test_terms_drop_stopwords_and_stem() -> None:
    assert terms("Yeah, I think the loaves were baking in ovens") == ["loave", "bak", "oven"]
    assert stem("starters") == "starter"
    assert tidy("so, um, and the oven was hot") == "The oven was hot"
