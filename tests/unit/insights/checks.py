"""Invariants every Insights must hold against its transcript, shared by the unit and corpus tests."""

from __future__ import annotations

import math

from podgist.models import Chapter, Grounded, Insights, Segment


def joined(segments: list[Segment], first: int, last: int) -> str:
    """Consecutive segments' text joined by single spaces (the text quotes must be cut from)."""
    return " ".join(s.text for s in segments[first : last + 1])


def assert_span(segments: list[Segment], ids: list[int], start: float, end: float, what: str) -> list[int]:
    """Ids exist, are in transcript order without repeats; start/end are their first start and last end."""
    pos = {s.id: i for i, s in enumerate(segments)}
    assert ids, f"{what}: no segment ids"
    assert all(i in pos for i in ids), f"{what}: unknown ids {[i for i in ids if i not in pos]}"
    places = [pos[i] for i in ids]
    assert places == sorted(set(places)), f"{what}: ids out of order or repeated"
    assert start == segments[places[0]].start, f"{what}: start {start} is not its first segment's start"
    assert end == segments[places[-1]].end, f"{what}: end {end} is not its last segment's end"
    return places


def assert_grounded(ins: Insights, segments: list[Segment]) -> None:
    """Every item points only at real segments and times; quotes are verbatim; shares sum to 1."""
    items: list[tuple[str, Grounded]] = [("summary", ins.summary)] if ins.summary.segment_ids else []
    items += [(f"takeaway {t.headline!r}", t) for t in ins.takeaways]
    items += [(f"question {q.question!r}", q) for q in ins.questions]
    for what, item in items:
        assert_span(segments, item.segment_ids, item.start, item.end, what)
    for q in ins.quotes:
        places = assert_span(segments, q.segment_ids, q.start, q.end, f"quote {q.text!r}")
        assert places == list(range(places[0], places[-1] + 1)), "a quote spans consecutive segments"
        assert q.text and q.text in joined(segments, places[0], places[-1]), f"not verbatim: {q.text!r}"
        assert q.speaker == segments[places[0]].speaker
    starts = {s.start for s in segments}
    for qa in ins.questions:
        assert qa.question and qa.answer
        assert qa.answer_start is None or qa.answer_start in starts
    _assert_chapters(ins.chapters, segments)
    if ins.speakers:
        assert math.isclose(sum(s.share for s in ins.speakers), 1.0, rel_tol=1e-9)
    assert len(ins.takeaways) <= 8 and len(ins.quotes) <= 10 and len(ins.questions) <= 10


def _assert_chapters(chapters: list[Chapter], segments: list[Segment]) -> None:
    for ch in chapters:
        assert ch.title
        assert_span(segments, ch.segment_ids, ch.start, ch.end, f"chapter {ch.title!r}")
    computed = [c for c in chapters if c.source == "computed"]
    if computed:
        flat = [i for c in computed for i in c.segment_ids]
        assert flat == [s.id for s in segments], "computed chapters partition the transcript"
