"""The LLM engine: map-reduce over transcript chunks, every answer re-grounded in the segments.

Short episodes take one call. Long ones take one call per chunk (run a few at a time) and one call that
merges the chunks' notes. Whatever comes back is checked by ``llm_ground``: unknown ids dropped, quotes
verbatim or repaired or dropped, times taken from the segments. Keywords, chapters and the summary fall
back to the extractive ones when the model gives none; speaker shares are always measured, never asked.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from podgist.insights.analysis import analyse
from podgist.insights.chapters import boundaries, computed_chapters, publisher_chapters
from podgist.insights.keywords import collect, name_stems
from podgist.insights.keywords import keywords as extractive_keywords
from podgist.insights.llm_client import LlmUnavailable, chat_json
from podgist.insights.llm_ground import Grounder, keywords
from podgist.insights.llm_prompts import chunks, final_messages, merge_messages, part_messages
from podgist.insights.speakers import speaker_shares
from podgist.insights.versions import LLM, llm_tag
from podgist.models import Chapter, Insights, Segment, Speaker, Summary
from podgist.settings import Settings

PARALLEL_CALLS = 4


async def llm_insights(
    segments: list[Segment],
    *,
    speakers: list[Speaker],
    chapters: list[Chapter],
    title: str | None,
    settings: Settings,
    http: httpx.AsyncClient,
) -> Insights:
    """Insights written by the configured model, grounded in ``segments``.

    Raises ``LlmUnavailable`` when any call fails or the answer holds no usable summary.
    """
    answer = await ask(http, settings, segments, title)
    g = Grounder.of(segments)
    summary = _summary(g, answer)
    if summary is None:
        raise LlmUnavailable("no usable summary in the answer")
    return Insights(
        engine=LLM,
        engine_version=llm_tag(settings.llm_model),
        summary=summary,
        takeaways=_items(g.takeaway, answer.get("takeaways"), 8),
        quotes=_unique_quotes(_items(g.quote, answer.get("quotes"), 10)),
        questions=_items(g.question, answer.get("questions"), 10),
        chapters=_chapters(segments, speakers, chapters, g, answer),
        keywords=keywords(answer.get("keywords")) or _keywords(segments, speakers),
        speakers=speaker_shares(segments),
    )


async def ask(
    http: httpx.AsyncClient, settings: Settings, segments: list[Segment], title: str | None
) -> dict[str, Any]:
    """The model's final JSON answer: one call, or map over chunks then reduce."""
    parts = chunks(segments)
    if len(parts) == 1:
        return await chat_json(http, settings, final_messages(segments, title))
    gate = asyncio.Semaphore(PARALLEL_CALLS)

    async def one(k: int, lo: int, hi: int) -> dict[str, Any]:
        async with gate:
            return await chat_json(
                http, settings, part_messages(segments[lo : hi + 1], k + 1, len(parts), title)
            )

    notes = await asyncio.gather(*(one(k, lo, hi) for k, (lo, hi) in enumerate(parts)))
    return await chat_json(http, settings, merge_messages(list(notes), title))


def _summary(g: Grounder, answer: dict[str, Any]) -> Summary | None:
    overview = answer.get("overview")
    headline = answer.get("headline")
    if not isinstance(overview, str) or not overview.strip():
        return None
    pos = g.positions(answer.get("overviewSegmentIds"))
    if not pos:
        return None
    ids, start, end = g.span(pos)
    head = " ".join(headline.split()) if isinstance(headline, str) else ""
    return Summary(segment_ids=ids, start=start, end=end, headline=head, overview=" ".join(overview.split()))


def _items(build: Any, raw: Any, limit: int) -> list[Any]:
    out = [x for x in (build(item) for item in (raw if isinstance(raw, list) else [])) if x is not None]
    return out[:limit]


def _unique_quotes(quotes: list[Any]) -> list[Any]:
    seen: set[str] = set()
    out = []
    for q in quotes:
        if q.text not in seen:
            seen.add(q.text)
            out.append(q)
    return out


def _chapters(
    segments: list[Segment],
    speakers: list[Speaker],
    given: list[Chapter],
    g: Grounder,
    answer: dict[str, Any],
) -> list[Chapter]:
    if not given:
        found = g.chapters(answer.get("chapters"))
        if found:
            return found
    a = analyse(segments, speakers)
    if given and (assigned := publisher_chapters(a, given)):
        return assigned
    names = name_stems([s.speaker for s in segments if s.speaker] + [s.name for s in speakers])
    return computed_chapters(a, collect(a.units), boundaries(a), names)


def _keywords(segments: list[Segment], speakers: list[Speaker]) -> list[Any]:
    a = analyse(segments, speakers)
    names = name_stems([s.speaker for s in segments if s.speaker] + [s.name for s in speakers])
    return extractive_keywords(a.units, collect(a.units), exclude=names)
