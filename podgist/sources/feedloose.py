"""Fallback for feeds that are not well-formed XML: feedparser's forgiving parser, basic fields only."""

from __future__ import annotations

from typing import Any

import feedparser

from podgist.errors import FeedInvalid
from podgist.models import TranscriptLink
from podgist.sources.feed import Feed, FeedItem
from podgist.sources.feedfields import clean_html, parse_date, parse_duration


def parse_loose(body: bytes, url: str) -> Feed:
    """Parse with feedparser; raises :class:`FeedInvalid` when it finds no feed at all."""
    if b"<!ENTITY" in body[:65536].upper():
        raise FeedInvalid("The feed uses XML entities or DTDs, which we refuse to expand.")
    try:
        result: Any = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    except (ValueError, TypeError, LookupError, AttributeError, ArithmeticError, RecursionError) as exc:
        # feedparser's own bugs on hostile bytes (e.g. "embedded null character" from a declared codec)
        raise FeedInvalid("The feed could not be read at all.") from exc
    channel = result.get("feed", {})
    entries = result.get("entries", [])
    if not channel and not entries:
        raise FeedInvalid("That document is not an RSS or Atom feed.")
    return Feed(
        url=url,
        title=channel.get("title", ""),
        link=channel.get("link"),
        image=(channel.get("image") or {}).get("href"),
        author=channel.get("author"),
        language=channel.get("language"),
        items=[item for item in map(_item, entries) if not item.is_empty()],  # as the strict parser does
    )


def _item(entry: Any) -> FeedItem:
    enclosure: dict[str, Any] = next(
        (link for link in entry.get("links", []) if link.get("rel") == "enclosure"), {}
    )
    transcript = entry.get("podcast_transcript")
    # feedparser can hold None for a field whose element it gave up on (`<description<content:encoded>`)
    return FeedItem(
        guid=entry.get("id"),
        title=entry.get("title") or "",
        link=entry.get("link"),
        published=parse_date(entry.get("published") or entry.get("updated") or ""),
        duration=parse_duration(str(entry.get("itunes_duration", ""))),
        audio_url=enclosure.get("href"),
        audio_type=enclosure.get("type"),
        description=clean_html(entry.get("summary") or "") or None,
        transcripts=[TranscriptLink(url=transcript["url"], type=transcript.get("type"))]
        if isinstance(transcript, dict) and transcript.get("url")
        else [],
    )
