"""Episode pages hosted by podcast apps and hosts: Overcast, Pocket Casts, Castro, Podcast Addict, Podbean.

They are read like any page (``site.resolve_page``): Overcast links the show's Apple id
(``/itunes<id>/``) and plays the file (``og:audio``/``<audio>``); Pocket Casts, Castro and Podcast Addict
carry ``og:audio`` and schema.org ``PodcastEpisode`` JSON-LD naming the show; Podbean pages link the feed.
This module only says which URLs are theirs, so they are listed as platforms and reported by name.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from podgist.models import LookupRequest
from podgist.sources.base import Resolved, SourceContext
from podgist.sources.site import resolve_site

HOSTS = {
    "overcast.fm": "overcast",
    "pca.st": "pocketcasts",
    "pocketcasts.com": "pocketcasts",
    "play.pocketcasts.com": "pocketcasts",
    "castro.fm": "castro",
    "podcastaddict.com": "podcastaddict",
    "podbean.com": "podbean",
}


def platform_of(url: str) -> str | None:
    """The hosting app's name for one of its URLs (``*.podbean.com`` included), else None."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return None
    if host in HOSTS:
        return HOSTS[host]
    return "podbean" if host.endswith(".podbean.com") else None


def matches(url: str) -> bool:
    """True for the hosts above."""
    return platform_of(url) is not None


async def resolve(request: LookupRequest, ctx: SourceContext) -> Resolved:
    """Read the hosted page like any episode page."""
    return await resolve_site(request, ctx)
