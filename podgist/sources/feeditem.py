"""From a feed and hints (guid, page URL, audio URL, title, date, duration) to the one item meant."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from podgist.errors import EpisodeNotFound
from podgist.sources.base import Resolved, feed_episode_id, url_alias
from podgist.sources.feed import Feed, FeedItem
from podgist.sources.urls import same_page

_WORDS = re.compile(r"[^\w]+")
DURATION_TOLERANCE = 90.0  # seconds: platforms re-encode and trim ads, so durations drift a little


def newest_item(feed: Feed) -> FeedItem:
    """The most recently published item (document order breaks ties and stands in for missing dates)."""
    dated = [item for item in feed.items if item.published]
    if not dated:
        return feed.items[0]
    return max(dated, key=lambda item: item.published or "")


def same_audio(a: str | None, b: str | None) -> bool:
    """Two enclosure URLs name one file: equal once canonical, or one wraps the other behind a tracking
    prefix (``dts.podtrac.com/redirect.mp3/host/path``), queries ignored."""
    if not a or not b:
        return False
    if same_page(a, b):
        return True
    pa, pb = _host_path(a), _host_path(b)
    return bool(pa and pb) and (pa.endswith(pb) or pb.endswith(pa))


def _host_path(url: str) -> str:
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    return f"{(parts.hostname or '').lower()}{parts.path}".rstrip("/")


def _fold(text: str | None) -> str:
    return " ".join(_WORDS.sub(" ", (text or "").casefold()).split())


def _day(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        return datetime.fromisoformat(iso.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return None


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= DURATION_TOLERANCE


def match_item(
    feed: Feed,
    *,
    guid: str | None = None,
    page_url: str | None = None,
    audio_url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    duration: float | None = None,
) -> FeedItem:
    """The item named by the strongest hint given; the newest item when no hint is given at all.

    Order of trust: guid, then page or audio URL, then title (exact, then folded), and last a title
    match confirmed by the day or the duration, or day and duration together.
    """
    if not any((guid, page_url, audio_url, title, published)):
        return newest_item(feed)
    for item in feed.items:
        if guid and item.guid == guid:
            return item
    for item in feed.items:
        if same_page(page_url, item.link) or same_audio(audio_url, item.audio_url):
            return item
    found = _by_title_date_duration(feed.items, title, published, duration)
    if found is not None:
        return found
    raise EpisodeNotFound(
        "The episode could not be found in its show's feed.",
        detail={"feedUrl": feed.url, "guid": guid, "pageUrl": page_url, "title": title},
    )


def _by_title_date_duration(
    items: list[FeedItem], title: str | None, published: str | None, duration: float | None
) -> FeedItem | None:
    wanted, day = _fold(title), _day(published)
    same_title = [i for i in items if wanted and _fold(i.title) == wanted]
    if len(same_title) == 1:
        return same_title[0]
    confirmed = [i for i in same_title if (day and _day(i.published) == day) or _close(i.duration, duration)]
    if confirmed:
        return confirmed[0]
    if wanted:
        # Platforms decorate titles ("#123: Title", "Title | Show"): containment plus a second signal.
        loose = [
            i for i in items if _fold(i.title) and (_fold(i.title) in wanted or wanted in _fold(i.title))
        ]
        loose = [i for i in loose if (day and _day(i.published) == day) or _close(i.duration, duration)]
        if len(loose) == 1:
            return loose[0]
    both = [i for i in items if day and _day(i.published) == day and _close(i.duration, duration)]
    return both[0] if len(both) == 1 else None


def resolved_from_item(feed: Feed, item: FeedItem, *, extra_aliases: list[str] | None = None) -> Resolved:
    """Build the canonical episode for a feed item; its id depends only on the feed and the item."""
    key = item.guid or item.audio_url or item.link or item.title
    persons = [p for p in (item.persons or feed.persons) if p.name]
    return Resolved(
        episode_id=feed_episode_id(feed.url, key),
        title=item.title or feed.title or "Untitled episode",
        show=feed.title or None,
        published=item.published,
        duration=item.duration,
        audio_url=item.audio_url,
        page_url=item.link,
        feed_url=feed.url,
        guid=item.guid,
        artwork_url=item.image or feed.image,
        description=item.description,
        transcripts=list(item.transcripts),
        persons=persons,
        chapters=list(item.chapters),
        chapters_url=item.chapters_url,
        aliases=[*url_alias(item.link), *url_alias(item.audio_url), *(extra_aliases or [])],
    )
