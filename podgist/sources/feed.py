"""RSS/Atom podcast feeds: channel, items, enclosures, ``itunes:*`` and the Podcasting 2.0 tags we use.

Parsed with a SAX reader that expands no entity and loads nothing external (``feedbytes.safe_reader``),
namespace processing off, so feeds that use ``itunes:`` or ``podcast:`` without declaring them still
parse; declared prefixes (and default namespaces on single elements) are mapped back to the usual ones by
namespace URI. Relative URLs are resolved against ``xml:base`` or the feed's own URL. Feeds that are not
well-formed XML fall back to feedparser's forgiving parser for the basic fields.
"""

from __future__ import annotations

import contextlib
import io
import xml.sax
from typing import Any
from urllib.parse import urljoin

import msgspec
from defusedxml import DefusedXmlException

from podgist.errors import FeedInvalid
from podgist.models import Chapter, Speaker, TranscriptLink
from podgist.sources.feedbytes import safe_reader, to_utf8
from podgist.sources.feedtags import channel_start, channel_text, close_chapters, item_start, item_text

KNOWN_NAMESPACES = {
    "https://podcastindex.org/namespace/1.0": "podcast",
    "https://github.com/podcastindex-org/podcast-namespace/blob/main/docs/1.0.md": "podcast",
    "http://www.itunes.com/dtds/podcast-1.0.dtd": "itunes",
    "http://www.itunes.com/dtds/podcast-1.0.dtd/": "itunes",
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://www.w3.org/2005/atom": "atom",
    "http://search.yahoo.com/mrss/": "media",
    "http://podlove.org/simple-chapters": "psc",
    "http://purl.org/dc/elements/1.1/": "dc",
}
# Default namespaces whose elements read as plain names (RSS 2.0 and Atom use them for the whole document).
PLAIN_NAMESPACES = frozenset(
    {"", "atom", "http://purl.org/rss/1.0/", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"}
)


class FeedItem(msgspec.Struct, kw_only=True):
    """One episode of a feed, as published."""

    guid: str | None = None
    title: str = ""
    link: str | None = None
    published: str | None = None
    duration: float | None = None
    audio_url: str | None = None
    audio_type: str | None = None
    description: str | None = None
    image: str | None = None
    transcripts: list[TranscriptLink] = []
    persons: list[Speaker] = []
    chapters_url: str | None = None
    chapters: list[Chapter] = []

    def is_empty(self) -> bool:
        """An item naming nothing (no guid, title, link or audio) cannot be an episode."""
        return not (self.guid or self.title or self.link or self.audio_url)


class Feed(msgspec.Struct, kw_only=True):
    """A podcast feed: the show and its items, in document order."""

    url: str
    title: str = ""
    link: str | None = None
    image: str | None = None
    author: str | None = None
    language: str | None = None
    persons: list[Speaker] = []
    items: list[FeedItem] = []


def parse_feed(body: bytes, url: str) -> Feed:
    """Parse a feed document; raises :class:`FeedInvalid` for anything that is not a usable feed."""
    handler = _FeedHandler(url)
    parser = safe_reader()
    parser.setContentHandler(handler)
    try:
        parser.parse(io.BytesIO(to_utf8(body)))
    except DefusedXmlException as exc:
        raise FeedInvalid("The feed declares XML entities, which we refuse to expand.") from exc
    except xml.sax.SAXException:
        if handler.feed.items:
            return handler.finish()  # a truncated tail: keep the items that did parse
        if b"<!ENTITY" in body[:65536].upper():
            raise FeedInvalid("The feed declares XML entities, which we refuse to expand.") from None
        from podgist.sources.feedloose import parse_loose

        return parse_loose(body, url)
    if not handler.saw_root:
        raise FeedInvalid("That document is not an RSS or Atom feed.")
    return handler.finish()


class _FeedHandler(xml.sax.ContentHandler):
    """Collects channel and item fields; tag names normalized to ``prefix:local`` in lower case."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self.feed = Feed(url=url)
        self.base = url
        self.saw_root = False
        self._prefixes: dict[str, str] = {}
        self._defaults: list[str] = [""]
        self._stack: list[str] = []
        self._text: list[str] = []
        self._item: FeedItem | None = None

    def finish(self) -> Feed:
        for item in self.feed.items:
            close_chapters(item)
        return self.feed

    def _name(self, qname: str, default: str) -> str:
        prefix, _, local = qname.rpartition(":")
        if prefix:
            return f"{self._prefixes.get(prefix, prefix)}:{local}".lower()
        return local.lower() if default in PLAIN_NAMESPACES else f"{default}:{local}".lower()

    def startElement(self, qname: str, attrs: Any) -> None:
        values = {k: (v or "").strip() for k, v in attrs.items()}
        default = self._defaults[-1]
        for key, value in values.items():
            if key.startswith("xmlns:"):
                self._prefixes[key[6:]] = KNOWN_NAMESPACES.get(value.lower(), key[6:])
            elif key == "xmlns":
                default = KNOWN_NAMESPACES.get(value.lower(), value.lower())
        self._defaults.append(default)
        name = self._name(qname, default)
        if not self._stack:
            self.saw_root = name in ("rss", "feed", "rdf:rdf")
            if values.get("xml:base"):
                with contextlib.suppress(ValueError):  # an unparseable xml:base leaves the feed URL as base
                    self.base = urljoin(self.base, values["xml:base"])
        self._stack.append(name)
        self._text = []
        if name in ("item", "entry"):
            self._item = FeedItem()
        elif self._item is not None:
            item_start(self._item, name, values, self.base)
        else:
            channel_start(self.feed, name, values, self.base)

    def characters(self, content: str) -> None:
        self._text.append(content)

    def endElement(self, qname: str) -> None:
        self._defaults.pop()
        name = self._stack.pop() if self._stack else qname.lower()
        text = "".join(self._text).strip()
        self._text = []
        if name in ("item", "entry") and self._item is not None:
            if not self._item.is_empty():
                self.feed.items.append(self._item)
            self._item = None
        elif self._item is not None:
            item_text(self._item, name, text, self.base)
        else:
            channel_text(self.feed, name, text, self._stack)
