"""URL → one canonical episode. Each platform has its module; :func:`resolve` picks the one that fits.

Every route to one feed item (Apple, Spotify, a hosted or show page, the feed plus guid, the audio URL
plus feed) ends in ``feeditem.resolved_from_item``, whose id depends only on the feed and the item, so
they all share one cache entry. YouTube videos are ``yt_<videoId>``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from podgist.models import LookupRequest
from podgist.sources import apple, hosted, spotify, youtube
from podgist.sources.apple import apple_episode_request
from podgist.sources.base import Resolved, SourceContext
from podgist.sources.chapters import load_chapters
from podgist.sources.site import resolve_site
from podgist.sources.urls import canonical_url, normalize_url

Resolver = Callable[[LookupRequest, SourceContext], Awaitable[Resolved]]
Matcher = Callable[[str], bool]

# Platform resolvers, most specific first; anything unmatched is read as a generic page, feed or file.
PLATFORMS: list[tuple[str, Matcher, Resolver]] = [
    ("youtube", youtube.matches, youtube.resolve),
    ("apple", apple.matches, apple.resolve),
    ("spotify", spotify.matches, spotify.resolve),
    ("hosted", hosted.matches, hosted.resolve),
]


def platform_for(url: str) -> str:
    """The name of the platform that reads ``url`` (``site`` for any other page, feed or file)."""
    return next((name for name, matches, _ in PLATFORMS if matches(url)), "site")


def request_alias(request: LookupRequest) -> str:
    """The alias a lookup request is cached under: its canonical URL, plus the guid when one is given."""
    url = normalize_url(request.url)
    return f"{url}#guid={request.guid}" if request.guid else url


async def resolve(request: LookupRequest, ctx: SourceContext) -> Resolved:
    """Resolve a lookup request to its canonical episode (no transcript fetched yet, unless inline)."""
    resolver = next((r for _, matches, r in PLATFORMS if matches(request.url)), resolve_site)
    resolved = await resolver(request, ctx)
    if resolved.chapters_url and not resolved.chapters:
        resolved.chapters = await load_chapters(ctx, resolved.chapters_url)
    return resolved


__all__ = [
    "PLATFORMS",
    "Resolved",
    "SourceContext",
    "apple_episode_request",
    "canonical_url",
    "platform_for",
    "request_alias",
    "resolve",
]
