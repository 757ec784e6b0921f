"""Any web page, feed or file a user gives us: a show's own episode page, a hosted episode page (Overcast,
Pocket Casts, Castro, Podcast Addict, Podbean…), an RSS/Atom feed, an audio URL.

A page leads to its episode through the first hint that works: a linked feed; an Apple episode or show
id (Apple links, Overcast's ``/itunes<id>/`` paths); the show's name (schema.org JSON-LD) found in the
iTunes directory; and last its audio file alone, which makes an episode of its own.
"""

from __future__ import annotations

import logging

from podgist.errors import EpisodeNotFound, FeedInvalid, PodgistError, UnsupportedSource
from podgist.fetch import Fetched
from podgist.models import LookupRequest
from podgist.sources import itunes
from podgist.sources.apple import resolve_episode
from podgist.sources.base import Resolved, SourceContext, audio_episode_id, url_alias
from podgist.sources.feed import Feed, parse_feed
from podgist.sources.feedcache import load_feed
from podgist.sources.feeditem import match_item, resolved_from_item
from podgist.sources.page import PageInfo, parse_page

log = logging.getLogger(__name__)
AUDIO_TYPES = ("audio/", "video/mp4", "application/ogg")
AUDIO_EXTENSIONS = (".mp3", ".m4a", ".aac", ".ogg", ".opus", ".wav", ".flac", ".mp4")


def looks_like_feed(fetched: Fetched) -> bool:
    """Feeds announce themselves by content type or by their first element."""
    ctype = (fetched.content_type or "").lower()
    if any(t in ctype for t in ("rss", "atom", "/xml")):
        return True
    head = fetched.content[:512].lstrip().lower()
    return head.startswith((b"<?xml", b"<rss", b"<feed", b"\xef\xbb\xbf<?xml"))


def looks_like_audio(url: str, content_type: str | None) -> bool:
    """Audio by content type, or by extension when the server says nothing useful."""
    ctype = (content_type or "").lower()
    if ctype.startswith(AUDIO_TYPES):
        return True
    generic = not ctype or ctype.startswith(("application/octet-stream", "binary/"))
    return generic and url.lower().split("?", 1)[0].endswith(AUDIO_EXTENSIONS)


async def resolve_site(request: LookupRequest, ctx: SourceContext) -> Resolved:
    """Resolve a URL of unknown kind by looking at what it serves (an audio body is never read)."""
    if looks_like_audio(request.url, None):
        return await resolve_audio(request.url, request, ctx)
    fetched = await ctx.fetcher.get(request.url, skip_body=looks_like_audio)
    if looks_like_audio(fetched.url, fetched.content_type):
        return await resolve_audio(request.url, request, ctx)
    if looks_like_feed(fetched):
        return _from_feed_body(fetched, request)
    return await resolve_page(parse_page(fetched.text(), fetched.url), request, ctx)


def _from_feed_body(fetched: Fetched, request: LookupRequest) -> Resolved:
    feed = parse_feed(fetched.content, fetched.url)
    if not feed.items:
        raise FeedInvalid("The feed has no episodes.", detail={"feedUrl": fetched.url})
    resolved = resolved_from_item(feed, match_item(feed, guid=request.guid))
    # A feed URL alone names its newest item, which changes: only feed + guid may become an alias.
    resolved.request_alias_stable = request.guid is not None
    return resolved


async def resolve_page(info: PageInfo, request: LookupRequest, ctx: SourceContext) -> Resolved:
    """The episode a page describes, through the first hint that leads to it."""
    aliases = url_alias(request.url) + url_alias(info.url)
    feed_urls = [u for u in [request.feed_url, *info.feed_urls] if u]
    if feed_urls:
        return _pick(await load_feed(ctx, feed_urls[0]), info, request, aliases)
    if info.apple_episode_id:
        return await resolve_episode(ctx, info.apple_episode_id, info.apple_show_id, aliases=aliases)
    for feed in await _directory_feeds(ctx, info):
        try:
            return _pick(feed, info, request, aliases)
        except EpisodeNotFound:
            continue
    audio = request.audio_url or info.audio_url
    if audio:
        resolved = await resolve_audio(audio, request, ctx)
        resolved.title = info.title or resolved.title
        resolved.page_url = info.url
        resolved.artwork_url = info.image
        resolved.aliases += aliases
        return resolved
    raise UnsupportedSource(
        "That page links no podcast feed and plays no audio we can find.", detail={"url": request.url}
    )


def _pick(feed: Feed, info: PageInfo, request: LookupRequest, aliases: list[str]) -> Resolved:
    item = match_item(
        feed,
        guid=request.guid,
        page_url=info.canonical_url or info.url,
        audio_url=request.audio_url or info.audio_url,
        title=info.title,
        published=info.published,
    )
    return resolved_from_item(feed, item, extra_aliases=aliases)


async def _directory_feeds(ctx: SourceContext, info: PageInfo) -> list[Feed]:
    """Feeds the iTunes directory names for the page's Apple show id, else for its show name."""
    urls: list[str] = []
    try:
        if info.apple_show_id:
            show = await itunes.find_show(ctx, info.apple_show_id)
            urls = [show.feed_url] if show and show.feed_url else []
        elif info.show:
            shows = [s for s in await itunes.search_shows(ctx, info.show) if s.feed_url]
            named = [s for s in shows if s.name.casefold() == info.show.casefold()]
            urls = [s.feed_url for s in (named or shows[:1]) if s.feed_url]
    except PodgistError as exc:
        log.info("directory lookup failed", extra={"url": info.url, "code": exc.code})
        return []
    feeds: list[Feed] = []
    for url in urls:
        try:
            feeds.append(await load_feed(ctx, url))
        except PodgistError as exc:
            log.info("directory feed unreadable", extra={"feed": url, "code": exc.code})
    return feeds


async def resolve_audio(audio_url: str, request: LookupRequest, ctx: SourceContext) -> Resolved:
    """A bare audio file: matched to its feed item when a feed is known, else an episode of its own."""
    if request.feed_url:
        feed = await load_feed(ctx, request.feed_url)
        item = match_item(feed, guid=request.guid, audio_url=audio_url)
        return resolved_from_item(feed, item, extra_aliases=url_alias(request.url))
    name = audio_url.rsplit("/", 1)[-1].split("?", 1)[0] or "Audio"
    return Resolved(
        episode_id=audio_episode_id(audio_url),
        title=name,
        audio_url=audio_url,
        aliases=url_alias(audio_url) + url_alias(request.url),
    )
