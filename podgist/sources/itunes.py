"""The iTunes Search API (``{itunes_url}/lookup`` and ``/search``): Apple ids and show names → feeds.

Answers are JSON ``{"resultCount": n, "results": [...]}``; a show is a result with ``kind: "podcast"``
(``collectionId``, ``collectionName``, ``feedUrl``), an episode one with ``wrapperType:
"podcastEpisode"`` (``trackId``, ``trackName``, ``episodeGuid``, ``episodeUrl``, ``releaseDate``,
``trackTimeMillis``, ``collectionId``, ``feedUrl``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import msgspec

from podgist.errors import UpstreamError
from podgist.sources.base import SourceContext

JSON_TYPES = ("application/json", "text/javascript", "text/json")
MAX_ITUNES_BYTES = 8 * 1024 * 1024


class ItunesShow(msgspec.Struct, frozen=True):
    """A show as iTunes knows it."""

    show_id: str
    name: str
    feed_url: str | None = None
    artwork_url: str | None = None


class ItunesEpisode(msgspec.Struct, frozen=True):
    """An episode as iTunes knows it; ``guid`` is the feed item's guid."""

    episode_id: str
    title: str
    show_id: str | None = None
    feed_url: str | None = None
    guid: str | None = None
    audio_url: str | None = None
    published: str | None = None
    duration: float | None = None


def _str(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip()
    return text or None


def show_of(result: dict[str, Any]) -> ItunesShow | None:
    """A show from one result, or None when the result is something else."""
    if result.get("kind") != "podcast" and result.get("wrapperType") not in ("track", "collection"):
        return None
    show_id = _str(result.get("collectionId") or result.get("trackId"))
    if show_id is None or result.get("wrapperType") == "podcastEpisode":
        return None
    return ItunesShow(
        show_id=show_id,
        name=_str(result.get("collectionName") or result.get("trackName")) or "",
        feed_url=_str(result.get("feedUrl")),
        artwork_url=_str(result.get("artworkUrl600") or result.get("artworkUrl100")),
    )


def episode_of(result: dict[str, Any]) -> ItunesEpisode | None:
    """An episode from one result, or None when the result is something else."""
    if result.get("wrapperType") != "podcastEpisode" and result.get("kind") != "podcast-episode":
        return None
    episode_id = _str(result.get("trackId"))
    if episode_id is None:
        return None
    millis = result.get("trackTimeMillis")
    return ItunesEpisode(
        episode_id=episode_id,
        title=_str(result.get("trackName")) or "",
        show_id=_str(result.get("collectionId")),
        feed_url=_str(result.get("feedUrl")),
        guid=_str(result.get("episodeGuid")),
        audio_url=_str(result.get("episodeUrl")),
        published=_str(result.get("releaseDate")),
        duration=millis / 1000 if isinstance(millis, int | float) and millis > 0 else None,
    )


async def _results(ctx: SourceContext, path: str, params: dict[str, str]) -> list[dict[str, Any]]:
    url = f"{ctx.settings.itunes_url.rstrip('/')}/{path}?{urlencode(params)}"
    fetched = await ctx.fetcher.get(url, accept=JSON_TYPES, max_bytes=MAX_ITUNES_BYTES)
    try:
        doc = msgspec.json.decode(fetched.content)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:  # bad UTF-8, deep nesting
        raise UpstreamError(
            "The iTunes API answered something that is not JSON.", detail={"url": url}
        ) from exc
    results = doc.get("results") if isinstance(doc, dict) else None
    return [r for r in results if isinstance(r, dict)] if isinstance(results, list) else []


async def lookup(ctx: SourceContext, item_id: str, *, episodes: bool) -> list[dict[str, Any]]:
    """``/lookup?id=…`` (with up to 200 of the show's newest episodes when ``episodes``)."""
    params = {"id": item_id}
    if episodes:
        params |= {"entity": "podcastEpisode", "limit": "200"}
    return await _results(ctx, "lookup", params)


async def find_episode(ctx: SourceContext, episode_id: str, show_id: str | None) -> ItunesEpisode | None:
    """The episode with this id: from its show's episode list when the show is known, else (or when it
    is older than the newest 200) looked up by the episode id itself."""
    if show_id:
        for result in await lookup(ctx, show_id, episodes=True):
            episode = episode_of(result)
            if episode and episode.episode_id == episode_id:
                return episode
    params = {"id": episode_id, "entity": "podcastEpisode"}
    for result in await _results(ctx, "lookup", params):
        episode = episode_of(result)
        if episode and episode.episode_id == episode_id:
            return episode
    return None


async def find_show(ctx: SourceContext, show_id: str) -> ItunesShow | None:
    """The show with this id."""
    for result in await lookup(ctx, show_id, episodes=False):
        show = show_of(result)
        if show and show.show_id == show_id:
            return show
    return None


async def search_shows(ctx: SourceContext, term: str, limit: int = 10) -> list[ItunesShow]:
    """Shows whose name matches ``term`` (iTunes' own ranking)."""
    params = {"media": "podcast", "entity": "podcast", "term": term, "limit": str(limit)}
    return [s for s in (show_of(r) for r in await _results(ctx, "search", params)) if s is not None]
