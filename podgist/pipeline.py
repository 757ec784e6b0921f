"""The stages of building an episode, free of any queue: read the transcript, assemble, analyze.

The worker composes these with progress reporting and locking (``workers/jobs.py``).
"""

from __future__ import annotations

import logging
import time

import httpx

from podgist.errors import PodgistError, TranscriptInvalid
from podgist.fetch import Fetcher
from podgist.insights.engine import compute_insights
from podgist.models import Episode, Insights, Speaker, Transcript
from podgist.settings import Settings
from podgist.sources.base import Resolved
from podgist.transcripts import normalize, parse_transcript
from podgist.transcripts.choose import rank_transcripts

log = logging.getLogger(__name__)


async def fetch_publisher_transcript(
    resolved: Resolved, fetcher: Fetcher, settings: Settings
) -> Transcript | None:
    """The best transcript the publisher (or the client) offers, parsed; None when there is none.

    Candidates are tried best first; when every one fails, the first failure is raised so the lookup
    reports why (a broken transcript is not silently replaced by speech-to-text).
    """
    if resolved.inline_transcript is not None:
        return resolved.inline_transcript
    first_error: PodgistError | None = None
    for link in rank_transcripts(resolved.transcripts, settings.language):
        try:
            fetched = await fetcher.get(link.url)
            parsed = parse_transcript(
                fetched.content, content_type=link.type or fetched.content_type, url=link.url
            )
        except PodgistError as exc:
            log.info("transcript candidate failed", extra={"url": link.url, "code": exc.code})
            first_error = first_error or exc
            continue
        segments = normalize(parsed.segments)
        if not segments:
            first_error = first_error or TranscriptInvalid("The published transcript is empty.")
            continue
        return Transcript(
            source=f"publisher:{parsed.format}", segments=segments, language=link.language, url=link.url
        )
    if first_error is not None:
        raise first_error
    return None


def assemble_episode(resolved: Resolved, transcript: Transcript, insights: Insights | None = None) -> Episode:
    """The cached episode: the resolved metadata plus its transcript (and insights, once computed)."""
    speakers = list(resolved.persons)
    named = {s.name for s in speakers}
    for seg in transcript.segments:
        if seg.speaker and seg.speaker not in named:
            named.add(seg.speaker)
            speakers.append(Speaker(name=seg.speaker))
    return Episode(
        id=resolved.episode_id,
        title=resolved.title,
        transcript=transcript,
        show=resolved.show,
        published=resolved.published,
        duration=resolved.duration or (transcript.segments[-1].end if transcript.segments else None),
        audio_url=resolved.audio_url,
        page_url=resolved.page_url,
        feed_url=resolved.feed_url,
        guid=resolved.guid,
        artwork_url=resolved.artwork_url,
        description=resolved.description,
        apple_id=resolved.apple_id,
        youtube_id=resolved.youtube_id,
        speakers=speakers,
        chapters=resolved.chapters,
        insights=insights,
        cached_at=time.time(),
    )


async def analyze(
    episode: Episode, settings: Settings, http: httpx.AsyncClient | None
) -> tuple[Insights, str]:
    """Compute the episode's insights; returns them with the engine tag they are cached under.

    The tag is the one of the engine that actually answered, so a run that fell back from the LLM to the
    extractive engine is recomputed (lazily, on a later lookup) once the LLM answers again.
    """
    insights = await compute_insights(
        episode.transcript.segments,
        speakers=episode.speakers,
        chapters=episode.chapters,
        title=episode.title,
        settings=settings,
        http=http,
    )
    return insights, insights.engine_version
