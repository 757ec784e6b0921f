"""What each feed tag sets on the channel or the current item (called by the SAX handler in ``feed``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from podgist.models import Chapter, Speaker, TranscriptLink
from podgist.sources.feedfields import clean_html, parse_date, parse_duration
from podgist.sources.urls import join_url

if TYPE_CHECKING:
    from podgist.sources.feed import Feed, FeedItem

AUDIO_PREFIXES = ("audio/", "video/")
LINK_TAGS = ("link", "atom:link")


def _abs(base: str, url: str) -> str:
    return join_url(base, url)


def _is_media(kind: str | None) -> bool:
    return not kind or kind.lower().startswith(AUDIO_PREFIXES) or kind.lower() == "application/octet-stream"


def _set_audio(item: FeedItem, url: str, kind: str | None, base: str) -> None:
    """First playable enclosure wins; an image enclosure never displaces or becomes the audio."""
    if not url or not _is_media(kind):
        return
    if item.audio_url is None or (item.audio_type is None and kind):
        item.audio_url, item.audio_type = _abs(base, url), kind or item.audio_type


def _person(attrs: dict[str, str]) -> Speaker:
    return Speaker(
        name="", role=attrs.get("role") or None, href=attrs.get("href") or None, img=attrs.get("img") or None
    )


def _named(last: Speaker, text: str) -> Speaker:
    return Speaker(name=text, role=(last.role or "host").lower(), href=last.href, img=last.img)


def item_start(item: FeedItem, name: str, attrs: dict[str, str], base: str) -> None:
    """Attributes of an element inside an item."""
    rel = attrs.get("rel", "alternate").lower()
    if name == "enclosure" or (name in LINK_TAGS and rel == "enclosure"):
        _set_audio(item, attrs.get("url") or attrs.get("href", ""), attrs.get("type"), base)
    elif name == "media:content" and item.audio_url is None:
        medium = attrs.get("medium", "")
        if medium in ("", "audio", "video"):
            _set_audio(item, attrs.get("url", ""), attrs.get("type") or (medium and f"{medium}/*"), base)
    elif name in LINK_TAGS and attrs.get("href") and rel == "alternate":
        item.link = item.link or _abs(base, attrs["href"])
    elif name == "podcast:transcript" and attrs.get("url"):
        link = TranscriptLink(
            url=_abs(base, attrs["url"]),
            type=attrs.get("type") or None,
            language=attrs.get("language") or None,
            rel=attrs.get("rel") or None,
        )
        item.transcripts.append(link)
    elif name == "podcast:chapters" and attrs.get("url"):
        item.chapters_url = _abs(base, attrs["url"])
    elif name == "psc:chapter" and attrs.get("start"):
        start = parse_duration(attrs["start"])
        if start is not None:
            chapter = Chapter(title=attrs.get("title", ""), start=start, url=attrs.get("href") or None)
            item.chapters.append(chapter)
    elif name == "itunes:image" and (attrs.get("href") or attrs.get("url")):
        item.image = _abs(base, attrs.get("href") or attrs["url"])
    elif name == "podcast:person":
        item.persons.append(_person(attrs))


def item_text(item: FeedItem, name: str, text: str, base: str) -> None:
    """Text of an element inside an item (called at its end tag)."""
    if name in ("title", "itunes:title") and not item.title:
        item.title = text
    elif name in ("guid", "id") and text:
        item.guid = text
    elif name == "link" and text and item.link is None:
        item.link = _abs(base, text)
    elif name in ("pubdate", "published", "dc:date") or (name == "updated" and item.published is None):
        item.published = parse_date(text) or item.published
    elif name == "itunes:duration":
        item.duration = parse_duration(text) if text else item.duration
    elif name in ("description", "summary", "content:encoded", "itunes:summary", "content") and text:
        if item.description is None or name == "content:encoded":
            item.description = clean_html(text)
    elif name == "podcast:person" and item.persons and text:
        item.persons[-1] = _named(item.persons[-1], text)


def close_chapters(item: FeedItem) -> None:
    """Inline (Podlove) chapters in time order, each ending where the next begins."""
    ordered = sorted(item.chapters, key=lambda c: c.start)
    item.chapters = [
        Chapter(title=c.title, start=c.start, end=nxt.start if nxt else None, url=c.url, source="publisher")
        for c, nxt in zip(ordered, [*ordered[1:], None], strict=False)
    ]


def channel_start(feed: Feed, name: str, attrs: dict[str, str], base: str) -> None:
    """Attributes of a channel-level element."""
    if name == "itunes:image" and (attrs.get("href") or attrs.get("url")):
        feed.image = _abs(base, attrs.get("href") or attrs["url"])  # the iTunes image beats <image><url>
    elif name == "podcast:person":
        feed.persons.append(_person(attrs))
    elif name in LINK_TAGS and attrs.get("rel", "alternate") == "alternate" and attrs.get("href"):
        feed.link = feed.link or _abs(base, attrs["href"])


def channel_text(feed: Feed, name: str, text: str, stack: list[str]) -> None:
    """Text of a channel-level element; ``stack`` holds its ancestors."""
    parent = stack[-1] if stack else ""
    if name == "title" and parent in ("channel", "feed") and not feed.title:
        feed.title = text
    elif name == "link" and parent == "channel" and text and feed.link is None:
        feed.link = text
    elif name == "url" and parent == "image" and feed.image is None:
        feed.image = text
    elif name in ("itunes:author", "author") and text and feed.author is None:
        feed.author = text
    elif name == "language" and text:
        feed.language = text
    elif name == "podcast:person" and feed.persons and text:
        feed.persons[-1] = _named(feed.persons[-1], text)
