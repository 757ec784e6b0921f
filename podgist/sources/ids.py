"""Platform ids read from URLs (YouTube video, Spotify episode, Apple show/episode). Pure, no fetching.

Each reader accepts every spelling the platform shares (mobile and music hosts, short links, embeds,
localized paths) and returns None for anything else.
"""

from __future__ import annotations

import itertools
import re
from urllib.parse import parse_qs, urlsplit

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
SPOTIFY_ID = re.compile(r"^[A-Za-z0-9]{22}$")
APPLE_SHOW = re.compile(r"/id(\d{3,})(?:/|$)")
APPLE_EPISODE = re.compile(r"^\d{3,}$")

YOUTUBE_HOSTS = frozenset({"youtube.com", "m.youtube.com", "music.youtube.com", "youtube-nocookie.com"})
YOUTUBE_PATH_PREFIXES = ("shorts", "live", "embed", "v", "e")
SPOTIFY_HOSTS = frozenset({"open.spotify.com", "play.spotify.com"})
APPLE_HOSTS = frozenset({"podcasts.apple.com", "itunes.apple.com"})


def _host(url: str) -> str:
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    return host[4:] if host.startswith("www.") else host


def _parts(url: str) -> tuple[list[str], dict[str, list[str]]]:
    split = urlsplit(url.strip())
    return [p for p in split.path.split("/") if p], parse_qs(split.query)


def youtube_video_id(url: str) -> str | None:
    """The 11-character video id of any YouTube spelling: ``watch?v=``, ``youtu.be/``, ``/shorts/``,
    ``/live/``, ``/embed/`` (also on youtube-nocookie.com), ``m.`` and ``music.`` hosts."""
    host = _host(url)
    if host not in YOUTUBE_HOSTS and host != "youtu.be":
        return None
    path, query = _parts(url)
    candidate: str | None = None
    if host == "youtu.be":
        candidate = path[0] if path else None
    elif path[:1] == ["watch"]:
        candidate = next(iter(query.get("v", [])), None)
    elif len(path) >= 2 and path[0] in YOUTUBE_PATH_PREFIXES:
        candidate = path[1]
    return candidate if candidate and YOUTUBE_ID.match(candidate) else None


def spotify_episode_id(url: str) -> str | None:
    """The episode id of ``open.spotify.com/episode/<id>``, its ``/embed/`` and ``/intl-xx/`` forms."""
    if _host(url) not in SPOTIFY_HOSTS:
        return None
    path, _ = _parts(url)
    for kind, value in itertools.pairwise(path):
        if kind == "episode" and SPOTIFY_ID.match(value):
            return value
    return None


def is_spotify(url: str) -> bool:
    """Any Spotify web URL (episode or not: shows are refused with a clear error later)."""
    return _host(url) in SPOTIFY_HOSTS


def apple_ids(url: str) -> tuple[str | None, str | None]:
    """(show id, episode id) of an Apple Podcasts URL; either may be None."""
    if _host(url) not in APPLE_HOSTS:
        return None, None
    split = urlsplit(url.strip())
    show = APPLE_SHOW.search(split.path + "/")
    episode = next(iter(parse_qs(split.query).get("i", [])), None)
    return (show.group(1) if show else None), (episode if episode and APPLE_EPISODE.match(episode) else None)


def is_apple(url: str) -> bool:
    """Any Apple Podcasts URL (host check only)."""
    return _host(url) in APPLE_HOSTS


def canonical_platform_url(url: str) -> str | None:
    """The one canonical spelling of a platform episode URL, or None when ``url`` is not one.

    YouTube → ``https://www.youtube.com/watch?v=<id>``; Spotify → ``https://open.spotify.com/episode/<id>``;
    Apple → ``https://podcasts.apple.com/podcast?i=<episode>`` (the episode id is unique on its own, so
    the country, slug and show id are dropped) or ``…/podcast/id<show>`` for a show page.
    """
    video = youtube_video_id(url)
    if video:
        return f"https://www.youtube.com/watch?v={video}"
    episode = spotify_episode_id(url)
    if episode:
        return f"https://open.spotify.com/episode/{episode}"
    show, apple_episode = apple_ids(url)
    if apple_episode:
        return f"https://podcasts.apple.com/podcast?i={apple_episode}"
    if show:
        return f"https://podcasts.apple.com/podcast/id{show}"
    return None
