"""Apple Podcasts: ``podcasts.apple.com/<cc>/podcast/<slug>/id<show>?i=<episode>`` and bare episode ids.

The iTunes API gives the show's feed and the episode's guid; the episode itself is read from the feed,
so an Apple link and every other route to the same feed item share one episode id.

A show link without ``?i=`` names the show's newest episode. That target moves as the show publishes,
so it is never cached under the show link (``request_alias_stable`` is False); only the episode's own
names (its Apple id, page, audio and feed item) become aliases.
"""

from __future__ import annotations

from podgist.errors import EpisodeNotFound, InvalidUrl, NoPublicFeed, UnsupportedSource
from podgist.models import LookupRequest
from podgist.sources import itunes
from podgist.sources.base import Resolved, SourceContext, url_alias
from podgist.sources.feedcache import load_feed
from podgist.sources.feeditem import match_item, newest_item, resolved_from_item
from podgist.sources.ids import APPLE_EPISODE, apple_ids, is_apple


def matches(url: str) -> bool:
    """Any podcasts.apple.com / itunes.apple.com URL."""
    return is_apple(url)


def apple_episode_request(episode_id: str) -> LookupRequest:
    """The lookup for a bare Apple episode id (as in ``/transcripts/1000651996090``)."""
    episode_id = episode_id.strip()
    if not APPLE_EPISODE.match(episode_id):
        raise InvalidUrl(f"{episode_id[:40]!r} is not an Apple Podcasts episode id.")
    return LookupRequest(url=f"https://podcasts.apple.com/podcast?i={episode_id}", apple_id=episode_id)


async def resolve(request: LookupRequest, ctx: SourceContext) -> Resolved:
    """Resolve an Apple Podcasts episode (or show) link through iTunes and the show's feed."""
    show_id, episode_id = apple_ids(request.url)
    episode_id = episode_id or request.apple_id
    if episode_id:
        return await resolve_episode(ctx, episode_id, show_id, aliases=url_alias(request.url))
    if show_id:
        return await _newest_of_show(ctx, show_id)
    raise UnsupportedSource("That Apple Podcasts link names no show or episode.", detail={"url": request.url})


async def resolve_episode(
    ctx: SourceContext, episode_id: str, show_id: str | None, *, aliases: list[str] | None = None
) -> Resolved:
    """The feed item behind an Apple episode id."""
    episode = await itunes.find_episode(ctx, episode_id, show_id)
    if episode is None:
        raise EpisodeNotFound(
            f"Apple Podcasts knows no episode {episode_id}.", detail={"appleId": episode_id}
        )
    feed_url = episode.feed_url
    if feed_url is None and (episode.show_id or show_id):
        show = await itunes.find_show(ctx, episode.show_id or show_id or "")
        feed_url = show.feed_url if show else None
    if feed_url is None:
        raise NoPublicFeed(
            "This Apple Podcasts show publishes no public feed (a subscription or Apple-only show).",
            detail={"appleId": episode_id},
        )
    feed = await load_feed(ctx, feed_url)
    item = match_item(
        feed,
        guid=episode.guid,
        audio_url=episode.audio_url,
        title=episode.title,
        published=episode.published,
        duration=episode.duration,
    )
    resolved = resolved_from_item(feed, item, extra_aliases=aliases)
    resolved.apple_id = episode_id
    return resolved


async def _newest_of_show(ctx: SourceContext, show_id: str) -> Resolved:
    show = await itunes.find_show(ctx, show_id)
    if show is None:
        raise EpisodeNotFound(f"Apple Podcasts knows no show {show_id}.", detail={"appleShowId": show_id})
    if show.feed_url is None:
        raise NoPublicFeed(
            "This Apple Podcasts show publishes no public feed.", detail={"appleShowId": show_id}
        )
    feed = await load_feed(ctx, show.feed_url)
    resolved = resolved_from_item(feed, newest_item(feed))
    resolved.request_alias_stable = False
    return resolved
