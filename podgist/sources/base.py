"""What every source produces (a :class:`Resolved`) and what it is given (a :class:`SourceContext`)."""

from __future__ import annotations

from dataclasses import dataclass, field

import msgspec
from redis.asyncio import Redis

from podgist.fetch import Fetcher
from podgist.keys import digest
from podgist.models import Chapter, Speaker, Transcript, TranscriptLink
from podgist.settings import Settings
from podgist.sources.urls import normalize_url


class Resolved(msgspec.Struct, kw_only=True):
    """One canonical episode, before its transcript is fetched: identity, metadata and where to read it."""

    episode_id: str
    title: str
    aliases: list[str] = []
    show: str | None = None
    published: str | None = None
    duration: float | None = None
    audio_url: str | None = None
    page_url: str | None = None
    feed_url: str | None = None
    guid: str | None = None
    artwork_url: str | None = None
    description: str | None = None
    apple_id: str | None = None
    youtube_id: str | None = None
    transcripts: list[TranscriptLink] = []
    persons: list[Speaker] = []
    chapters: list[Chapter] = []
    chapters_url: str | None = None
    inline_transcript: Transcript | None = None
    request_alias_stable: bool = True


@dataclass
class SourceContext:
    """Everything a source may use: settings, the safe fetcher and (optionally) Redis for feed caching."""

    settings: Settings
    fetcher: Fetcher
    redis: Redis | None = None
    notes: list[str] = field(default_factory=list)


def feed_episode_id(feed_url: str, item_key: str) -> str:
    """The id of a feed item: stable across http/https spellings of the feed URL."""
    feed = normalize_url(feed_url).split("://", 1)[1]
    return "ep_" + digest(f"{feed}\n{item_key}", 16)


def audio_episode_id(audio_url: str) -> str:
    """The id of an episode known only by its audio file."""
    return "au_" + digest(normalize_url(audio_url).split("://", 1)[1], 16)


def url_alias(url: str | None) -> list[str]:
    """The alias for a URL (its canonical form), or nothing when it is not a usable URL."""
    if not url:
        return []
    try:
        return [normalize_url(url)]
    except Exception:
        return []
