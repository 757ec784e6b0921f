"""The extractive engine: every insight from the transcript alone, pure Python and NumPy, deterministic."""

from __future__ import annotations

from podgist.insights.analysis import Analysis, analyse
from podgist.insights.chapters import boundaries, computed_chapters, publisher_chapters, title_of
from podgist.insights.keywords import Phrases, collect, keywords, name_stems
from podgist.insights.questions import questions
from podgist.insights.quotes import quotes
from podgist.insights.speakers import main_guest, speaker_shares
from podgist.insights.summary import summarize
from podgist.insights.takeaways import takeaways
from podgist.insights.versions import EXTRACTIVE, extractive_tag
from podgist.models import Chapter, Insights, Segment, Speaker


def extractive_insights(
    segments: list[Segment],
    *,
    speakers: list[Speaker] = [],  # noqa: B006 - never mutated
    chapters: list[Chapter] = [],  # noqa: B006 - never mutated
    title: str | None = None,
    note: str | None = None,
) -> Insights:
    """Compute all insights of a transcript without any network or model.

    Works on any size: an empty transcript gives an empty summary; short ones give fewer takeaways (4–8
    normally), quotes (5–10) and questions (3–10) when not enough sentences qualify. Chapters are the
    publisher's when given (tied to segments by time), else computed topic segments.
    """
    a = analyse(segments, speakers)
    phrases = collect(a.units)
    names = name_stems([s.speaker for s in segments if s.speaker] + [s.name for s in speakers])
    shares = speaker_shares(segments)
    keys = keywords(a.units, phrases, exclude=names)
    summary, used = summarize(a, keys, main_guest(shares, a.host), title)
    overview_units = [u.index for u in used]
    starts = boundaries(a)
    return Insights(
        engine=EXTRACTIVE,
        engine_version=extractive_tag(),
        summary=summary,
        takeaways=takeaways(a, starts, overview_units, lambda lo, hi: title_of(a, phrases, lo, hi, names)),
        quotes=quotes(a, overview_units),
        questions=questions(a),
        chapters=_chapters(a, phrases, starts, chapters, names),
        keywords=keys,
        speakers=shares,
        note=note,
    )


def _chapters(
    a: Analysis, phrases: Phrases, starts: list[int], given: list[Chapter], names: set[str]
) -> list[Chapter]:
    # publisher chapters that all fall outside the transcript give nothing: compute instead
    return (publisher_chapters(a, given) if given else []) or computed_chapters(a, phrases, starts, names)
