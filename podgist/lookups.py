"""Taking a lookup: answer from the cache when we can, else create (or join) the one job for that URL."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from podgist.errors import InvalidUrl, ValidationFailed
from podgist.insights.versions import engine_tag
from podgist.keys import NO_QUEUE, QueueKeys
from podgist.models import Lookup, LookupRequest, to_json
from podgist.settings import Settings
from podgist.sources import request_alias
from podgist.sources.ids import youtube_video_id
from podgist.sources.urls import lookup_id_for, normalize_url
from podgist.store import Store

Enqueue = Callable[[str, int, bytes], Awaitable[None]]
"""Queues the job for (lookup id, generation, request JSON) as ``job_id``; provided by the API's queue."""


def job_id(lookup_id: str, generation: int) -> str:
    """The queue's id for a lookup's job: one per generation, so a lookup run again is a new job."""
    return f"{lookup_id}:{generation}"


def new_lookup(lookup_id: str, url: str, now: float) -> Lookup:
    """A lookup as it starts, queued at ``now``, before ``Store.create_lookup`` stores or joins it."""
    return Lookup(
        id=lookup_id,
        url=url,
        status="queued",
        progress=0.0,
        status_url=f"/v1/lookups/{lookup_id}",
        created_at=now,
        updated_at=now,
    )


@dataclass(frozen=True)
class Cached:
    """A lookup answered from the cache: the episode exactly as stored, with its stamp (empty on episodes
    saved before stamps)."""

    episode_id: str
    episode_json: bytes
    stamp: bytes = b""


class LookupService:
    """The API's side of lookups, free of any web framework."""

    def __init__(
        self, store: Store, settings: Settings, enqueue: Enqueue, *, queue: QueueKeys = NO_QUEUE
    ) -> None:
        """``queue``: where the job queue keeps jobs (a lookup whose job still waits there is joined, not
        queued again at the back)."""
        self.store = store
        self.settings = settings
        self.enqueue = enqueue
        self.queue = queue
        self.tag = engine_tag(settings)

    async def submit(self, request: LookupRequest) -> Cached | Lookup:
        """The cached episode, or the (new or already running) lookup for this URL.

        An episode whose insights came from another engine version is still served at once; a lookup
        re-analyzes it in the background (its transcript is kept), so nobody waits for an upgrade."""
        alias = request_alias(request)
        hit = await self.store.cached_by_alias(alias)
        if hit is None:
            return await self._start(request)
        episode_id, found = hit
        if found.tag != self.tag:
            # At most one refresh per back-off period: while an LLM is down, every refresh falls back to
            # the extractive engine and stays stale, and must not turn each request into a job.
            await self._start(request, done_after=self.settings.failed_retry_after)
        return Cached(episode_id=episode_id, episode_json=found.json, stamp=found.stamp)

    async def _start(self, request: LookupRequest, done_after: float = 0.0) -> Lookup:
        """Create the URL's lookup and queue its job, or join the one already running (or failed lately)."""
        normalized = normalize_url(request.url)
        lookup_id = lookup_id_for(normalized, request.guid)
        current, created = await self.store.create_lookup(
            new_lookup(lookup_id, normalized, time.time()),
            retry_after=self.settings.failed_retry_after,
            stale_after=self.settings.stale_lookup_after,
            done_after=done_after,
            tag=self.tag,
            queue=self.queue,
        )
        if created:
            await self.enqueue(current.id, current.generation, to_json(request))
        return current

    async def get(self, lookup_id: str) -> Lookup | None:
        """The lookup's current state."""
        return await self.store.lookup(lookup_id)


def validate_request(request: LookupRequest) -> LookupRequest:
    """Checks beyond the schema: every URL must be an absolute http(s) URL, and an uploaded transcript
    must belong to the YouTube video the URL names (it is only ever trusted for that video)."""
    normalize_url(request.url)
    for extra in (request.feed_url, request.audio_url):
        if extra is not None:
            try:
                normalize_url(extra)
            except InvalidUrl as exc:
                raise InvalidUrl(f"feedUrl/audioUrl: {exc.message}") from exc
    if request.transcript is not None and youtube_video_id(request.url) != request.transcript.video_id:
        raise ValidationFailed(
            "An uploaded transcript is accepted only with the URL of the YouTube video it belongs to.",
            detail={"videoId": request.transcript.video_id},
        )
    return request
