"""The one entry point: insights by the configured engine, falling back to the extractive one."""

from __future__ import annotations

import asyncio

import httpx

from podgist.insights.extractive import extractive_insights
from podgist.insights.llm import llm_insights
from podgist.insights.llm_client import LlmUnavailable
from podgist.insights.versions import LLM, engine_tag
from podgist.models import Chapter, Insights, Segment, Speaker
from podgist.settings import Settings

__all__ = ["compute_insights", "engine_tag", "extractive_insights"]


async def compute_insights(
    segments: list[Segment],
    *,
    speakers: list[Speaker],
    chapters: list[Chapter],
    title: str | None,
    settings: Settings,
    http: httpx.AsyncClient | None,
) -> Insights:
    """Compute an episode's insights with ``settings.insights_engine``.

    The LLM engine needs ``settings.llm_url``; when it is missing or the endpoint fails (connection error,
    non-2xx, timeout, unparseable answer) the extractive engine answers instead, with ``engine`` =
    ``"extractive"`` and a ``note`` saying why. The extractive engine runs in a worker thread so the event
    loop stays free. ``http`` is used for the LLM calls (a private client is opened when None).
    """
    if settings.insights_engine != LLM:
        return await _extractive(segments, speakers, chapters, title, None)
    if not settings.llm_url:
        return await _extractive(segments, speakers, chapters, title, "llm not configured; used extractive")
    if not segments:
        return await _extractive(segments, speakers, chapters, title, "empty transcript; used extractive")
    try:
        if http is not None:
            return await llm_insights(
                segments, speakers=speakers, chapters=chapters, title=title, settings=settings, http=http
            )
        async with httpx.AsyncClient() as own:
            return await llm_insights(
                segments, speakers=speakers, chapters=chapters, title=title, settings=settings, http=own
            )
    except LlmUnavailable as exc:
        note = f"llm unavailable: {exc.reason}; used extractive"
        return await _extractive(segments, speakers, chapters, title, note)


async def _extractive(
    segments: list[Segment],
    speakers: list[Speaker],
    chapters: list[Chapter],
    title: str | None,
    note: str | None,
) -> Insights:
    return await asyncio.to_thread(
        extractive_insights, segments, speakers=speakers, chapters=chapters, title=title, note=note
    )
