"""Spotify episode links: the public embed page names the show and the episode; the show's public feed
(found through the iTunes directory) holds the episode itself, matched by title, date and duration.

Spotify exclusives have no public feed; they end in :class:`NoPublicFeed` (code ``no_public_feed``).
"""

from __future__ import annotations

import logging

from podgist.errors import EpisodeNotFound, NoPublicFeed, PodgistError, UnsupportedSource
from podgist.models import LookupRequest
from podgist.sources import itunes
from podgist.sources.base import Resolved, SourceContext, url_alias
from podgist.sources.feedcache import load_feed
from podgist.sources.feeditem import match_item, resolved_from_item
from podgist.sources.ids import is_spotify, spotify_episode_id
from podgist.sources.spotifyembed import SpotifyEpisode, parse_embed

log = logging.getLogger(__name__)
MAX_SHOWS_TRIED = 3


def matches(url: str) -> bool:
    """Any open.spotify.com URL (non-episode links are refused with a clear message)."""
    return is_spotify(url)


async def resolve(request: LookupRequest, ctx: SourceContext) -> Resolved:
    """Spotify episode → embed metadata → iTunes show search → feed item."""
    episode_id = spotify_episode_id(request.url)
    if episode_id is None:
        raise UnsupportedSource(
            "Only Spotify episode links can be read (open.spotify.com/episode/…).",
            detail={"url": request.url},
        )
    embed_url = f"{ctx.settings.spotify_url.rstrip('/')}/embed/episode/{episode_id}"
    page = await ctx.fetcher.get(embed_url, accept=("text/html",))
    meta = parse_embed(page.text(), episode_id)
    resolved = await _from_public_feed(ctx, meta)
    resolved.aliases += url_alias(request.url)
    return resolved


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


async def _from_public_feed(ctx: SourceContext, meta: SpotifyEpisode) -> Resolved:
    shows = [s for s in await itunes.search_shows(ctx, meta.show) if s.feed_url]
    named = [s for s in shows if _same_name(s.name, meta.show)] or shows
    if not named:
        raise NoPublicFeed(
            f"“{meta.show}” has no public feed (a Spotify exclusive?), so it cannot be transcribed.",
            detail={"show": meta.show, "episode": meta.title},
        )
    for show in named[:MAX_SHOWS_TRIED]:
        try:
            feed = await load_feed(ctx, show.feed_url or "")
            item = match_item(feed, title=meta.title, published=meta.published, duration=meta.duration)
        except PodgistError as exc:
            log.info("spotify candidate feed skipped", extra={"feed": show.feed_url, "code": exc.code})
            continue
        return resolved_from_item(feed, item)
    if not any(_same_name(s.name, meta.show) for s in shows):
        raise NoPublicFeed(
            f"“{meta.show}” has no public feed we can find (a Spotify exclusive?).",
            detail={"show": meta.show, "episode": meta.title},
        )
    raise EpisodeNotFound(
        f"“{meta.title}” is not in the public feed of “{meta.show}” (a Spotify-only episode?).",
        detail={"show": meta.show, "episode": meta.title},
    )
