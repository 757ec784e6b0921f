"""Stand-ins for the upstreams we resolve through, served by the fixture podcast web on 127.0.0.1:

- iTunes: ``/itunes/lookup`` and ``/itunes/search`` answering the Search API's JSON shape
  (``{"resultCount", "results": [show with kind "podcast", episodes with wrapperType "podcastEpisode"]}``);
- Spotify: ``/spotify/embed/episode/<id>`` pages with a Next.js ``__NEXT_DATA__`` episode entity;
- YouTube: ``/youtube/watch?v=`` pages embedding ``ytInitialPlayerResponse``, ``/youtube/oembed`` and
  ``/youtube/api/timedtext`` caption tracks (json3), with an optional consent interstitial first;

Settings point ``itunes_url``/``spotify_url``/``youtube_url`` at ``web.url("/itunes")`` etc.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape

from redis.asyncio import Redis

from podgist.fetch import Fetcher
from podgist.settings import Settings
from podgist.sources.base import SourceContext
from tests.episodes import FixtureEpisode
from tests.podcastweb import PodcastWeb, Route

JSON = "application/json; charset=utf-8"
HTML = "text/html; charset=utf-8"
Answer = tuple[int, dict[str, str], bytes]


def _query(req: BaseHTTPRequestHandler) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(req.path).query).items()}


def _json(doc: Any, status: int = 200) -> Answer:
    return status, {"content-type": JSON}, json.dumps(doc).encode()


def digits(text: str, n: int) -> str:
    """A stable numeric id of ``n`` digits derived from ``text`` (Apple ids)."""
    return str(int(hashlib.sha256(text.encode()).hexdigest(), 16))[:n]


def base62(text: str, n: int = 22) -> str:
    """A stable base-62 id (Spotify ids are 22 of these)."""
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    value, out = int(hashlib.sha256(text.encode()).hexdigest(), 16), ""
    while len(out) < n:
        value, rem = divmod(value, 62)
        out += alphabet[rem]
    return out


@dataclass
class Upstreams:
    """One per fixture web (see :meth:`on`); tests register shows, episodes and videos on it."""

    web: PodcastWeb
    shows: dict[str, dict[str, Any]] = field(default_factory=dict)
    episodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    watch: dict[str, tuple[int, str]] = field(default_factory=dict)
    consent_first: set[str] = field(default_factory=set)
    oembed: dict[str, dict[str, Any]] = field(default_factory=dict)
    tracks: dict[tuple[str, str], bytes] = field(default_factory=dict)

    @classmethod
    def on(cls, web: PodcastWeb) -> Upstreams:
        """The stand-ins installed on ``web`` (installed on first use)."""
        existing = getattr(web, "upstreams", None)
        if isinstance(existing, Upstreams):
            return existing
        ups = cls(web)
        web.upstreams = ups  # type: ignore[attr-defined]
        for path, handler in {
            "/itunes/lookup": ups._lookup,
            "/itunes/search": ups._search,
            "/youtube/watch": ups._watch,
            "/youtube/oembed": ups._oembed,
            "/youtube/api/timedtext": ups._timedtext,
        }.items():
            web.routes[path] = Route(handler=handler)
        return ups

    # --- iTunes -------------------------------------------------------------------------------------
    def add_show(self, show_id: str, name: str, feed_url: str | None) -> None:
        result: dict[str, Any] = {
            "wrapperType": "track",
            "kind": "podcast",
            "collectionId": int(show_id),
            "trackId": int(show_id),
            "collectionName": name,
            "trackName": name,
            "artworkUrl600": "https://is1-ssl.mzstatic.com/image/thumb/600x600bb.jpg",
        }
        if feed_url:
            result["feedUrl"] = feed_url
        self.shows[show_id] = result

    def add_episode(self, show_id: str, episode_id: str, ep: FixtureEpisode, *, guid: bool = True) -> None:
        show = self.shows[show_id]
        result = {
            "wrapperType": "podcastEpisode",
            "kind": "podcast-episode",
            "trackId": int(episode_id),
            "trackName": ep.title,
            "collectionId": int(show_id),
            "collectionName": show["collectionName"],
            "episodeUrl": ep.audio_url,
            "releaseDate": "2026-11-03T10:00:00Z",
            "trackTimeMillis": 40000,
            "trackViewUrl": f"https://podcasts.apple.com/us/podcast/x/id{show_id}?i={episode_id}&uo=4",
        }
        if show.get("feedUrl"):
            result["feedUrl"] = show["feedUrl"]
        if guid:
            result["episodeGuid"] = ep.guid
        self.episodes[episode_id] = result

    def _lookup(self, req: BaseHTTPRequestHandler) -> Answer:
        q = _query(req)
        item_id = q.get("id", "")
        if item_id in self.shows:
            results = [self.shows[item_id]]
            if q.get("entity") == "podcastEpisode":
                results += [e for e in self.episodes.values() if str(e["collectionId"]) == item_id]
        elif item_id in self.episodes:
            results = [self.episodes[item_id]]
        else:
            results = []
        return _json({"resultCount": len(results), "results": results})

    def _search(self, req: BaseHTTPRequestHandler) -> Answer:
        term = _query(req).get("term", "").casefold()
        results = [s for s in self.shows.values() if term and term in s["collectionName"].casefold()]
        return _json({"resultCount": len(results), "results": results})

    # --- Spotify ------------------------------------------------------------------------------------
    def add_spotify(self, episode_id: str, *, show: str, title: str, duration_ms: int = 40500) -> str:
        entity = {
            "type": "episode",
            "name": title,
            "uri": f"spotify:episode:{episode_id}",
            "id": episode_id,
            "title": title,
            "subtitle": show,
            "duration": duration_ms,
            "isPlayable": True,
            "releaseDate": {"isoString": "2026-11-03T10:00:00Z"},
            "relatedEntityUri": "spotify:show:" + base62(show),
        }
        data = {"props": {"pageProps": {"state": {"data": {"entity": entity}, "settings": {"locale": "en"}}}}}
        page = (
            f'<!DOCTYPE html><html><head><title>{escape(title)}</title></head><body><div id="__next"></div>'
            f'<script id="__NEXT_DATA__" type="application/json">{json.dumps(data)}</script></body></html>'
        )
        return self.web.add(f"/spotify/embed/episode/{episode_id}", page, HTML)

    # --- YouTube ------------------------------------------------------------------------------------
    def add_video(self, video_id: str, player: dict[str, Any] | str, *, status: int = 200) -> None:
        """Serve a watch page around ``player`` (a player response, or a whole HTML page as given)."""
        self.watch[video_id] = (status, player if isinstance(player, str) else watch_html(player))
        details = player.get("videoDetails", {}) if isinstance(player, dict) else {}
        if details.get("title"):
            self.oembed[video_id] = {"title": details["title"], "author_name": details.get("author", "")}

    def add_track(self, video_id: str, kind: str, body: bytes) -> None:
        self.tracks[(video_id, kind)] = body

    def _watch(self, req: BaseHTTPRequestHandler) -> Answer:
        video_id = _query(req).get("v", "")
        if video_id in self.consent_first and "CONSENT=YES+" not in (req.headers.get("cookie") or ""):
            return 200, {"content-type": HTML}, CONSENT_PAGE.encode()
        status, html = self.watch.get(video_id, (404, "<html>not found</html>"))
        return status, {"content-type": HTML}, html.encode()

    def _oembed(self, req: BaseHTTPRequestHandler) -> Answer:
        url = _query(req).get("url", "")
        video_id = next(iter(parse_qs(urlsplit(url).query).get("v", [])), "")
        doc = self.oembed.get(video_id)
        return _json(doc) if doc else (404, {"content-type": "text/plain"}, b"Not Found")

    def _timedtext(self, req: BaseHTTPRequestHandler) -> Answer:
        q = _query(req)
        body = self.tracks.get((q.get("v", ""), q.get("kind", "manual")))
        if body is None:
            return 404, {"content-type": "text/plain"}, b""
        ctype = JSON if body.lstrip().startswith(b"{") else "text/xml; charset=utf-8"
        return 200, {"content-type": ctype}, body


CONSENT_PAGE = """<!DOCTYPE html><html><body><form action="https://consent.youtube.com/s" method="POST">
<input type="hidden" name="gl" value="DE"><input type="hidden" name="v" value="cb.20260101-00-p0.de+FX+123">
<button>Accept all</button></form></body></html>"""


def watch_html(player: dict[str, Any]) -> str:
    """A watch page in YouTube's shape: the player response assigned in an inline script."""
    return (
        "<!DOCTYPE html><html><head><title>YouTube</title></head><body><script nonce=x>"
        f"var ytInitialPlayerResponse = {json.dumps(player)};var meta = document.createElement('meta');"
        "</script></body></html>"
    )


def player_response(video_id: str, title: str, author: str, tracks: list[tuple[str, str]]) -> dict[str, Any]:
    """An innertube player response offering caption ``tracks`` as (language, kind) pairs."""
    caption_tracks = []
    for lang, kind in tracks:
        entry: dict[str, Any] = {
            "baseUrl": f"https://www.youtube.com/api/timedtext?v={video_id}&lang={lang}&kind={kind}&caps=asr",
            "name": {"runs": [{"text": f"{lang} ({kind})"}]},
            "vssId": ("a." if kind == "asr" else ".") + lang,
            "languageCode": lang,
            "isTranslatable": True,
        }
        if kind == "asr":
            entry["kind"] = "asr"
        caption_tracks.append(entry)
    player: dict[str, Any] = {
        "playabilityStatus": {"status": "OK", "playableInEmbed": True},
        "videoDetails": {"videoId": video_id, "title": title, "author": author, "lengthSeconds": "42"},
    }
    if caption_tracks:
        player["captions"] = {"playerCaptionsTracklistRenderer": {"captionTracks": caption_tracks}}
    return player


def json3(lines: list[tuple[float, float, str]]) -> bytes:
    """A json3 caption track: ``{"events": [{tStartMs, dDurationMs, segs: [{utf8}]}]}``."""
    events = [
        {"tStartMs": int(s * 1000), "dDurationMs": int((e - s) * 1000), "segs": [{"utf8": t}]}
        for s, e, t in lines
    ]
    return json.dumps({"wireMagic": "pb3", "events": events}).encode()


@asynccontextmanager
async def source_context(
    web: PodcastWeb, redis: Redis | None = None, **overrides: Any
) -> AsyncIterator[SourceContext]:
    """A real source context whose upstream base URLs point at ``web`` (private hosts allowed for it)."""
    settings = Settings(
        allow_private_hosts=True,
        itunes_url=web.url("/itunes"),
        youtube_url=web.url("/youtube"),
        spotify_url=web.url("/spotify"),
        **overrides,
    )
    fetcher = Fetcher(settings)
    try:
        yield SourceContext(settings=settings, fetcher=fetcher, redis=redis)
    finally:
        await fetcher.aclose()
