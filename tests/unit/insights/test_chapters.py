"""Chapters: the publisher's tied to segments by time, or computed topic segments with titles."""

from __future__ import annotations

from podgist.insights.analysis import analyse
from podgist.insights.chapters import boundaries, computed_chapters, publisher_chapters
from podgist.insights.keywords import collect
from podgist.models import Chapter

from .checks import assert_span
from .sample import interview, two_topics


def test_publisher_chapters_get_segments_by_time() -> None:
    segs = interview()
    a = analyse(segs, [])
    switch = next(s for s in segs if "the marathon" in s.text)
    given = [
        Chapter(title="Running", start=switch.start + 0.2, url="https://example.com/run"),
        Chapter(title="Bread", start=0.0),
        Chapter(title="After the end", start=segs[-1].end + 60),
    ]
    out = publisher_chapters(a, given)
    assert [c.title for c in out] == ["Bread", "Running"]
    bread, running = out
    assert bread.segment_ids == [s.id for s in segs if s.start < switch.start + 0.2]
    assert running.segment_ids[0] == segs[segs.index(switch) + 1].id
    assert running.url == "https://example.com/run" and running.source == "publisher"
    for c in out:
        assert_span(segs, c.segment_ids, c.start, c.end, c.title)


def test_a_chapter_inside_one_segment_gets_that_segment() -> None:
    segs = interview()
    long_seg = segs[4]
    given = [
        Chapter(title="Intro", start=0.0),
        Chapter(title="Blink", start=long_seg.start + 0.1, end=long_seg.start + 0.3),
    ]
    out = publisher_chapters(analyse(segs, []), given)
    assert out[1].segment_ids == [long_seg.id]
    assert (out[1].start, out[1].end) == (long_seg.start, long_seg.end)


def test_computed_chapters_find_the_topic_switch() -> None:
    segs = two_topics()
    a = analyse(segs, [])
    chapters = computed_chapters(a, collect(a.units), boundaries(a))
    assert len(chapters) == 2
    assert [i for c in chapters for i in c.segment_ids] == [s.id for s in segs]
    first_running = next(s for s in segs if "Marathon" in s.text)
    assert abs(chapters[1].start - first_running.start) < 60  # within a minute of the real switch
    titles = [c.title.lower() for c in chapters]
    assert any(w in titles[0] for w in ("loaf", "dough", "flour", "sourdough", "crust"))
    assert any(w in titles[1] for w in ("run", "marathon", "race", "training"))
    assert all(c.source == "computed" for c in chapters)


def test_short_transcripts_are_one_chapter() -> None:
    segs = interview()
    a = analyse(segs, [])
    chapters = computed_chapters(a, collect(a.units), boundaries(a))
    assert len(chapters) == 1
    assert chapters[0].segment_ids == [s.id for s in segs]
