"""The extractive engine end to end: grounded, deterministic, safe on tiny and odd inputs."""

from __future__ import annotations

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from podgist.insights import engine_tag, extractive_insights
from podgist.insights.versions import extractive_tag, llm_tag
from podgist.models import Chapter, Segment, Speaker, to_json
from podgist.settings import Settings

from .checks import assert_grounded
from .sample import GUEST, HOST, interview, two_topics


def test_interview_gives_every_kind_of_insight() -> None:
    segs = interview()
    ins = extractive_insights(segs, speakers=[Speaker(name=HOST, role="host")], title="Bread and miles")
    assert_grounded(ins, segs)
    assert ins.engine == "extractive" and ins.engine_version == extractive_tag()
    assert ins.summary.headline and ins.summary.overview
    assert 1 <= len(ins.takeaways) <= 8
    assert all(t.headline for t in ins.takeaways)
    assert ins.quotes and ins.questions and ins.keywords
    assert [s.speaker for s in ins.speakers] == [GUEST, HOST]
    assert ins.note is None


def test_long_transcript_gives_full_counts() -> None:
    segs = two_topics()
    ins = extractive_insights(segs)
    assert_grounded(ins, segs)
    assert 4 <= len(ins.takeaways) <= 8
    assert 5 <= len(ins.quotes) <= 10
    assert len(ins.summary.overview.split(". ")) >= 3


def test_publisher_chapters_win_over_computed() -> None:
    segs = two_topics()
    ins = extractive_insights(segs, chapters=[Chapter(title="All of it", start=0.0)])
    assert [c.title for c in ins.chapters] == ["All of it"]
    assert ins.chapters[0].segment_ids == [s.id for s in segs]


def test_same_input_same_output() -> None:
    segs = two_topics()
    assert to_json(extractive_insights(segs)) == to_json(extractive_insights(list(segs)))


def test_empty_and_tiny_transcripts() -> None:
    empty = extractive_insights([])
    assert empty.summary.segment_ids == [] and empty.summary.overview == ""
    assert empty.quotes == [] and empty.chapters == [] and empty.takeaways == []
    one = [Segment(id=7, start=3.0, end=5.0, text="Hello.", speaker="A")]
    ins = extractive_insights(one, title="Hi")
    assert_grounded(ins, one)
    assert ins.summary.segment_ids == [7] and ins.summary.start == 3.0 and ins.summary.end == 5.0
    assert ins.quotes == [] and ins.questions == []
    assert [c.segment_ids for c in ins.chapters] == [[7]]


def test_filler_only_transcript_invents_nothing() -> None:
    segs = [Segment(id=i, start=i, end=i + 1, text=t) for i, t in enumerate(["Yeah.", "Um, okay.", "Right?"])]
    ins = extractive_insights(segs)
    assert_grounded(ins, segs)
    assert ins.summary.overview == "" and ins.takeaways == [] and ins.quotes == [] and ins.questions == []


def test_engine_tags() -> None:
    assert engine_tag(Settings()) == "extractive/1"
    assert engine_tag(
        Settings(insights_engine="llm", llm_url="http://127.0.0.1:1/v1", llm_model="m")
    ) == llm_tag("m")
    assert engine_tag(Settings(insights_engine="llm")) == "extractive/1"  # no endpoint: extractive it is


_word = st.sampled_from(["bread", "oven", "run", "race", "the", "um", "I", "think", "Mr.", "yeah", "flour"])
_text = st.lists(st.one_of(_word, st.sampled_from([".", "?", ",", "!", "..."])), min_size=0, max_size=25).map(
    lambda ws: " ".join(ws)
)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(_text, min_size=0, max_size=40),
    speakers=st.lists(st.sampled_from([None, "A", "B"]), min_size=40, max_size=40),
    gaps=st.lists(st.floats(min_value=0, max_value=5), min_size=40, max_size=40),
)
def test_any_transcript_is_grounded(texts: list[str], speakers: list[str | None], gaps: list[float]) -> None:
    segs: list[Segment] = []
    clock = 0.0
    for i, text in enumerate(texts):
        segs.append(Segment(id=i * 3, start=clock, end=clock + gaps[i], text=text, speaker=speakers[i]))
        clock += gaps[i]
    ins = extractive_insights(segs)
    assert_grounded(ins, segs)
    assert string.whitespace.find(ins.summary.overview[:1]) < 0 or not ins.summary.overview
