"""YouTube videos: every URL spelling → ``yt_<videoId>``; captions from the watch page's player response
(manual before auto-generated, in ``settings.language`` first), or the captions the client uploaded with
the lookup, which are preferred (YouTube blocks many server addresses). Title and channel come from the
player response, else oEmbed."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote, urlsplit

import msgspec

from podgist.errors import PodgistError, UnsupportedSource, UpstreamBlocked, UpstreamError
from podgist.models import LookupRequest, Transcript
from podgist.sources.base import Resolved, SourceContext
from podgist.sources.ids import YOUTUBE_HOSTS, youtube_video_id
from podgist.sources.ytplayer import (
    BLOCKED_HINT,
    CaptionTrack,
    caption_tracks,
    check_playable,
    choose_track,
    consent_value,
    player_from_html,
    video_details,
)
from podgist.sources.ytupload import uploaded_transcript
from podgist.transcripts import normalize, parse_transcript

log = logging.getLogger(__name__)


def matches(url: str) -> bool:
    """Any YouTube host (channel and playlist pages are refused with a clear message)."""
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().removeprefix("www.")
    except ValueError:
        return False
    return host in YOUTUBE_HOSTS or host == "youtu.be"


def watch_url(video_id: str) -> str:
    """The canonical public URL of a video."""
    return f"https://www.youtube.com/watch?v={video_id}"


async def resolve(request: LookupRequest, ctx: SourceContext) -> Resolved:
    """Resolve a video with its captions (uploaded ones first)."""
    video_id = youtube_video_id(request.url)
    if video_id is None:
        raise UnsupportedSource("Only links to one YouTube video can be read.", detail={"url": request.url})
    if request.transcript is not None:
        transcript = uploaded_transcript(request.transcript, video_id)
        return _resolved(video_id, await _oembed(ctx, video_id), transcript)
    player = player_from_html(await _watch_page(ctx, video_id))
    check_playable(player, video_id)
    track = choose_track(caption_tracks(player), ctx.settings.language, video_id)
    transcript = await _captions(ctx, track)
    details = video_details(player)
    meta = {"title": details.get("title"), "author_name": details.get("author")}
    if not meta["title"]:
        meta = await _oembed(ctx, video_id)
    meta["duration"] = details.get("lengthSeconds")
    return _resolved(video_id, meta, transcript)


def _resolved(video_id: str, meta: dict[str, Any], transcript: Transcript) -> Resolved:
    try:
        duration = float(meta.get("duration") or 0) or None
    except (TypeError, ValueError):
        duration = None
    title, show = meta.get("title"), meta.get("author_name")  # upstream JSON: any type at all
    return Resolved(
        episode_id=f"yt_{video_id}",
        title=title if isinstance(title, str) and title else f"YouTube video {video_id}",
        show=show if isinstance(show, str) and show else None,
        duration=duration,
        page_url=watch_url(video_id),
        artwork_url=f"https://i.ytimg.com/vi/{video_id}/hqdefault.jpg",
        youtube_id=video_id,
        inline_transcript=transcript,
        aliases=[watch_url(video_id)],
    )


def _base(ctx: SourceContext) -> str:
    return ctx.settings.youtube_url.rstrip("/")


async def _get(ctx: SourceContext, url: str, headers: dict[str, str] | None = None) -> bytes:
    try:
        return (await ctx.fetcher.get(url, headers=headers)).content
    except UpstreamError as exc:
        if (exc.detail or {}).get("status") == 429:
            raise UpstreamBlocked("YouTube is rate-limiting this server. " + BLOCKED_HINT) from exc
        raise


async def _watch_page(ctx: SourceContext, video_id: str) -> str:
    """The watch page; a consent interstitial is answered once with its own consent cookie."""
    url = f"{_base(ctx)}/watch?v={video_id}"
    headers = {"accept-language": f"{ctx.settings.language},en;q=0.8"}
    html = (await _get(ctx, url, headers)).decode("utf-8", errors="replace")
    consent = consent_value(html)
    if consent:
        headers["cookie"] = f"CONSENT=YES+{consent}"
        html = (await _get(ctx, url, headers)).decode("utf-8", errors="replace")
    return html


def track_url(ctx: SourceContext, track: CaptionTrack) -> str:
    """The track's URL on our configured YouTube base (identical in production), asking for json3."""
    try:
        parts = urlsplit(track.url)
    except ValueError as exc:
        raise UpstreamError("YouTube offered a caption track with an unreadable URL.") from exc
    host = (parts.hostname or "").lower().removeprefix("www.")
    url = track.url
    if not parts.netloc or host in YOUTUBE_HOSTS:
        url = f"{_base(ctx)}{parts.path}?{parts.query}"
    return url if "fmt=" in url else f"{url}&fmt=json3"


async def _captions(ctx: SourceContext, track: CaptionTrack) -> Transcript:
    url = track_url(ctx, track)
    body = await _get(ctx, url)
    hint = "youtube-json3" if body.lstrip()[:1] == b"{" else "youtube-xml"
    parsed = parse_transcript(body, url=url, hint=hint)
    return Transcript(
        source=f"youtube:{track.kind}", segments=normalize(parsed.segments), language=track.language, url=url
    )


async def _oembed(ctx: SourceContext, video_id: str) -> dict[str, Any]:
    """Title and channel from oEmbed; empty when it cannot be read (metadata never fails a lookup)."""
    url = f"{_base(ctx)}/oembed?url={quote(watch_url(video_id), safe='')}&format=json"
    try:
        doc = msgspec.json.decode(await _get(ctx, url))
    except (PodgistError, msgspec.DecodeError, UnicodeDecodeError, RecursionError) as exc:
        log.info("oembed unreadable", extra={"videoId": video_id, "reason": str(exc)})
        return {}
    return doc if isinstance(doc, dict) else {}
