"""What an episode's web page tells about the episode: its feed, audio, Apple ids, title, show and artwork.

Read from the shapes podcast sites use: ``<link rel=alternate type=application/rss+xml>`` (show sites,
Podbean), ``og:audio`` / ``<audio>`` (Overcast, Pocket Casts, Castro, Podcast Addict), links to Apple
Podcasts or Overcast's ``/itunes<showId>/`` paths, and schema.org ``PodcastEpisode`` JSON-LD
(``partOfSeries.name``, ``associatedMedia.contentUrl``, ``datePublished``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import msgspec
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from podgist.sources.urls import join_url

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/xml", "text/xml")
APPLE_ID = re.compile(r"(?:podcasts|itunes)\.apple\.com/[^\"'\s<>]*?/id(\d+)(?:[^\"'\s<>]*?[?&]i=(\d+))?")
OVERCAST_SHOW = re.compile(r"""href=["'](?:https?://overcast\.fm)?/itunes(\d+)(?:/|["'])""")


class PageInfo(msgspec.Struct, kw_only=True):
    """Hints found in a page; any of them may be missing."""

    url: str
    feed_urls: list[str] = []
    audio_url: str | None = None
    title: str | None = None
    show: str | None = None
    published: str | None = None
    image: str | None = None
    description: str | None = None
    apple_show_id: str | None = None
    apple_episode_id: str | None = None
    canonical_url: str | None = None


def parse_page(html: str, url: str) -> PageInfo:
    """Read every hint a page carries (see the module docstring)."""
    tree = HTMLParser(html)
    info = PageInfo(url=url)
    for node in tree.css("link[rel]"):
        rel = (node.attributes.get("rel") or "").lower().split()
        kind = (node.attributes.get("type") or "").lower()
        href = node.attributes.get("href")
        if href and "alternate" in rel and kind in FEED_TYPES:
            info.feed_urls.append(join_url(url, href))
        elif href and "canonical" in rel:
            info.canonical_url = join_url(url, href)
    episode = _json_ld_episode(tree)
    info.audio_url = _audio(tree, url) or _abs(url, _get(episode, "associatedMedia", "contentUrl"))
    info.title = _meta(tree, "og:title") or _get(episode, "name") or _text(tree, "title")
    info.show = _get(episode, "partOfSeries", "name")
    info.published = _get(episode, "datePublished")
    info.image = _abs(url, _meta(tree, "og:image"))
    info.description = _meta(tree, "og:description") or _meta(tree, "description")
    match = APPLE_ID.search(html)
    if match:
        info.apple_show_id, info.apple_episode_id = match.group(1), match.group(2)
    overcast = OVERCAST_SHOW.search(html)
    if overcast and info.apple_show_id is None:
        info.apple_show_id = overcast.group(1)
    return info


def _json_ld_episode(tree: HTMLParser) -> dict[str, Any]:
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            doc = msgspec.json.decode(node.text(strip=False).encode())
        except (msgspec.DecodeError, RecursionError):  # nesting deeper than the decoder's stack
            continue
        for obj in _objects(doc):
            if obj.get("@type") in ("PodcastEpisode", ["PodcastEpisode"]):
                return obj
    return {}


def _objects(doc: Any) -> Iterator[dict[str, Any]]:
    if isinstance(doc, dict):
        yield doc
        yield from _objects(doc.get("@graph", []))
    elif isinstance(doc, list):
        for entry in doc:
            yield from _objects(entry)


def _get(obj: dict[str, Any], *path: str) -> str | None:
    current: Any = obj
    for key in path:
        current = current[0] if isinstance(current, list) and current else current
        current = current.get(key) if isinstance(current, dict) else None
    return current.strip() or None if isinstance(current, str) else None


def _audio(tree: HTMLParser, url: str) -> str | None:
    og = _meta(tree, "og:audio") or _meta(tree, "og:audio:url") or _meta(tree, "og:audio:secure_url")
    if og:
        return join_url(url, og)
    for node in tree.css("audio[src], audio source[src]"):
        src = node.attributes.get("src")
        if src:
            return join_url(url, src.strip().split("#", 1)[0])
    return None


def _meta(tree: HTMLParser, name: str) -> str | None:
    node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
    content = node.attributes.get("content") if node else None
    return content.strip() if content and content.strip() else None


def _text(tree: HTMLParser, selector: str) -> str | None:
    node = tree.css_first(selector)
    text = node.text(strip=True) if node else ""
    return text or None


def _abs(base: str, url: str | None) -> str | None:
    return join_url(base, url) if url else None
