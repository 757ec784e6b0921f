"""Reading Spotify's public embed page (``/embed/episode/<id>``): show name, title, duration, date.

The page is a Next.js app; its ``<script id="__NEXT_DATA__">`` JSON carries the episode entity
(``props.pageProps.state.data.entity``: ``name``/``title``, ``subtitle`` = the show, ``duration`` in ms,
``releaseDate.isoString``). The entity is found by its ``uri``/``id`` wherever it sits, so a reshuffled
payload still reads.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import msgspec
from selectolax.lexbor import LexborHTMLParser as HTMLParser

from podgist.errors import EpisodeNotFound, UpstreamError


class SpotifyEpisode(msgspec.Struct, frozen=True):
    """What the embed page says about an episode."""

    episode_id: str
    title: str
    show: str
    duration: float | None = None
    published: str | None = None


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, dict):
            yield current
            stack.extend(current.values())
        elif isinstance(current, list):
            stack.extend(current)


def _entity(data: Any, episode_id: str) -> dict[str, Any] | None:
    uri = f"spotify:episode:{episode_id}"
    for node in _walk(data):
        if node.get("uri") == uri or (node.get("id") == episode_id and node.get("type") == "episode"):
            return node
    return None


def _show_name(entity: dict[str, Any]) -> str:
    show = entity.get("show") or entity.get("podcast")
    if isinstance(show, dict) and isinstance(show.get("name"), str):
        return str(show["name"])
    subtitle = entity.get("subtitle") or entity.get("showName") or ""
    return subtitle if isinstance(subtitle, str) else ""


def _published(entity: dict[str, Any]) -> str | None:
    value = entity.get("releaseDate") or entity.get("release_date")
    if isinstance(value, dict):
        value = value.get("isoString") or value.get("iso8601")
    return value if isinstance(value, str) and value else None


def _duration(entity: dict[str, Any]) -> float | None:
    value = entity.get("duration") or entity.get("durationMs") or entity.get("duration_ms")
    if isinstance(value, dict):
        value = value.get("totalMilliseconds")
    return value / 1000 if isinstance(value, int | float) and value > 0 else None


def parse_embed(html: str, episode_id: str) -> SpotifyEpisode:
    """The episode described by an embed page; typed errors when the page holds no such episode."""
    tree = HTMLParser(html)
    script = tree.css_first("script#__NEXT_DATA__")
    data: Any = None
    if script is not None:
        try:
            data = msgspec.json.decode(script.text(strip=False).encode())
        except (msgspec.DecodeError, RecursionError) as exc:  # RecursionError: nested deeper than the stack
            raise UpstreamError("Spotify's embed page carries unreadable data.") from exc
    entity = _entity(data, episode_id) if data is not None else None
    if entity is None:
        if data is None:
            raise UpstreamError("Spotify's embed page did not carry the episode's data.")
        raise EpisodeNotFound("Spotify does not know that episode.", detail={"spotifyId": episode_id})
    title = entity.get("name") or entity.get("title") or ""
    show = _show_name(entity)
    if not isinstance(title, str) or not title or not show:
        raise UpstreamError("Spotify's embed page lacks the episode's title or show.")
    return SpotifyEpisode(
        episode_id=episode_id,
        title=title,
        show=show,
        duration=_duration(entity),
        published=_published(entity),
    )
