"""Each extractive part on the hand-written interview: summary, takeaways, quotes, questions, speakers."""

from __future__ import annotations

import math

from podgist.insights.analysis import analyse
from podgist.insights.keywords import collect, keywords, name_stems
from podgist.insights.questions import questions
from podgist.insights.quotes import quotes
from podgist.insights.speakers import speaker_shares
from podgist.insights.summary import summarize
from podgist.models import Segment, Speaker

from .checks import assert_span, joined
from .sample import GUEST, HOST, interview


def test_summary_is_three_salient_sentences_in_order() -> None:
    segs = interview()
    a = analyse(segs, [])
    summary, used = summarize(a, [], GUEST, "Bread and marathons")
    assert len(used) == 3
    assert [u.index for u in used] == sorted(u.index for u in used)
    assert summary.overview.count(".") >= 3
    assert_span(segs, summary.segment_ids, summary.start, summary.end, "summary")
    assert "Welcome back" not in summary.overview  # the greeting is not the gist
    assert summary.headline == "Bread and marathons"  # no keywords given: the title stands in


def test_headline_names_the_guest_and_topics() -> None:
    segs = interview()
    a = analyse(segs, [])
    keys = keywords(a.units, collect(a.units), exclude=name_stems([HOST, GUEST]))
    summary, _ = summarize(a, keys, GUEST, None)
    assert summary.headline.startswith(f"{GUEST} on ")
    terms = {k.term.lower() for k in keys}
    assert terms & {"sourdough starter", "starter", "dough", "marathon", "race day", "bread", "flour"}
    assert not terms & {"yeah", "think", "ana", "ben"}


def test_quotes_are_verbatim_and_prefer_the_guest() -> None:
    segs = interview()
    found = quotes(analyse(segs, [Speaker(name=HOST, role="host")]))
    assert 3 <= len(found) <= 10
    for q in found:
        places = assert_span(segs, q.segment_ids, q.start, q.end, "quote")
        assert q.text in joined(segs, places[0], places[-1])
        assert "?" not in q.text
    assert sum(q.speaker == GUEST for q in found) > len(found) / 2
    texts = " ".join(q.text for q in found)
    assert "patience is the secret ingredient" in texts or "never try new food on race day" in texts


def test_questions_are_answered_by_the_next_speaker() -> None:
    segs = interview()
    found = questions(analyse(segs, []))
    asked = [q.question for q in found]
    assert any("sourdough starter" in q for q in asked)
    assert not any(q.strip() == "Right?" for q in asked)  # a tag question is not a question answered
    for q in found:
        assert q.asked_by == HOST and q.answered_by == GUEST
        assert_span(segs, q.segment_ids, q.start, q.end, "question")
    starter = next(q for q in found if "sourdough starter" in q.question)
    answer_seg = next(s for s in segs if s.text.startswith("A good sourdough starter"))
    assert starter.answer_start == answer_seg.start
    assert "starter" in starter.answer


def test_questions_without_labels_take_the_following_sentences() -> None:
    segs = [Segment(id=s.id, start=s.start, end=s.end, text=s.text) for s in interview()]
    found = questions(analyse(segs, []))
    assert found and all(q.asked_by is None for q in found)
    assert all(q.answer for q in found)


def test_speaker_shares_sum_to_one() -> None:
    segs = interview()
    shares = speaker_shares(segs)
    assert [s.speaker for s in shares] == [GUEST, HOST]
    assert math.isclose(sum(s.share for s in shares), 1.0)
    guest_time = sum(s.end - s.start for s in segs if s.speaker == GUEST)
    assert math.isclose(shares[0].seconds, guest_time, abs_tol=1e-3)


def test_speaker_shares_fall_back_to_words_and_skip_unlabelled() -> None:
    segs = [
        Segment(id=0, start=0, end=0, text="one two three", speaker="A"),
        Segment(id=1, start=0, end=0, text="one", speaker="B"),
        Segment(id=2, start=0, end=0, text="no label here"),
    ]
    shares = {s.speaker: s.share for s in speaker_shares(segs)}
    assert shares == {"A": 0.75, "B": 0.25}
    assert speaker_shares([Segment(id=0, start=0, end=1, text="x")]) == []
