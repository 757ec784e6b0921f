"""Transcript formats for API clients: negotiation (``?format=`` or ``Accept``), rendering, ETags.

markdown (default) · json (segments + insights) · srt · vtt (``<v>`` speaker tags) · txt. The text
shapes come from :mod:`podgist.transcripts.writers`; this module only picks one and labels it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from enum import StrEnum

from podgist.errors import ValidationFailed
from podgist.models import Base, Chapter, Episode, Insights, Segment, Speaker, to_json
from podgist.transcripts.writers import to_markdown, to_srt, to_txt, to_vtt


class Format(StrEnum):
    MARKDOWN = "markdown"
    JSON = "json"
    SRT = "srt"
    VTT = "vtt"
    TXT = "txt"


CONTENT_TYPES: dict[Format, str] = {
    Format.MARKDOWN: "text/markdown; charset=utf-8",
    Format.JSON: "application/json",
    Format.SRT: "application/x-subrip",
    Format.VTT: "text/vtt; charset=utf-8",
    Format.TXT: "text/plain; charset=utf-8",
}
EXTENSIONS: dict[Format, str] = {
    Format.MARKDOWN: "md",
    Format.JSON: "json",
    Format.SRT: "srt",
    Format.VTT: "vtt",
    Format.TXT: "txt",
}
# Caption files are files: players and editors want them saved, so they always come as attachments.
ALWAYS_ATTACHED = frozenset({Format.SRT, Format.VTT})

_NAMES: dict[str, Format] = {
    **{f.value: f for f in Format},
    "md": Format.MARKDOWN,
    "text": Format.TXT,
    "plain": Format.TXT,
    "webvtt": Format.VTT,
    "subrip": Format.SRT,
}
_MEDIA_TYPES: dict[str, Format] = {
    "text/markdown": Format.MARKDOWN,
    "text/x-markdown": Format.MARKDOWN,
    "application/json": Format.JSON,
    "application/x-subrip": Format.SRT,
    "text/srt": Format.SRT,
    "text/vtt": Format.VTT,
    "text/plain": Format.TXT,
}


class TranscriptJson(Base):
    """The ``json`` format: episode metadata, every segment and the insights."""

    episode_id: str
    title: str
    segments: list[Segment]
    source: str
    show: str | None = None
    published: str | None = None
    duration: float | None = None
    language: str | None = None
    page_url: str | None = None
    audio_url: str | None = None
    speakers: list[Speaker] = []
    chapters: list[Chapter] = []
    insights: Insights | None = None


def parse_format(name: str) -> Format:
    """A ``?format=`` value; :class:`ValidationFailed` for an unknown one."""
    found = _NAMES.get(name.strip().lower())
    if found is None:
        raise ValidationFailed(
            f"Unknown format {name[:40]!r}; use one of: markdown, json, srt, vtt, txt.",
            detail={"formats": [f.value for f in Format]},
        )
    return found


def negotiate(accept: str | None, format_param: str | None = None) -> Format:
    """``?format=`` wins; else the best-q supported type in ``Accept``; else markdown.

    An Accept naming nothing we serve (or ``*/*``) gets markdown rather than 406: agents send all
    sorts of Accept headers, and markdown is what most of them want.
    """
    if format_param:
        return parse_format(format_param)
    best: tuple[float, int, Format] | None = None
    for order, part in enumerate((accept or "").split(",")):
        media, _, params = part.strip().partition(";")
        found = _MEDIA_TYPES.get(media.strip().lower())
        if found is None:
            continue
        q = _quality(params)
        if q > 0 and (best is None or (q, -order) > (best[0], -best[1])):
            best = (q, order, found)
    return best[2] if best else Format.MARKDOWN


def _quality(params: str) -> float:
    match = re.search(r"(?:^|;)\s*q\s*=\s*([0-9.]+)", params)
    try:
        return float(match.group(1)) if match else 1.0
    except ValueError:
        return 0.0


def transcript_json(episode: Episode) -> TranscriptJson:
    """The ``json`` document of an episode."""
    return TranscriptJson(
        episode_id=episode.id,
        title=episode.title,
        segments=episode.transcript.segments,
        source=episode.transcript.source,
        show=episode.show,
        published=episode.published,
        duration=episode.duration,
        language=episode.transcript.language,
        page_url=episode.page_url,
        audio_url=episode.audio_url,
        speakers=episode.speakers,
        chapters=episode.chapters,
        insights=episode.insights,
    )


def render(episode: Episode, fmt: Format) -> bytes:
    """The episode's transcript in ``fmt``, as the bytes to send."""
    if fmt is Format.JSON:
        return to_json(transcript_json(episode))
    if fmt is Format.SRT:
        return to_srt(episode.transcript.segments).encode()
    if fmt is Format.VTT:
        return to_vtt(episode.transcript.segments).encode()
    if fmt is Format.TXT:
        return to_txt(episode).encode()
    return to_markdown(episode).encode()


def etag(body: bytes) -> str:
    """A strong ETag for a rendered body (the format is in the body, so formats never collide)."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def etag_matches(if_none_match: str | None, tag: str) -> bool:
    """True when an ``If-None-Match`` header names ``tag`` or ``*``, by the weak comparison RFC 9110
    prescribes for it (``W/"x"`` matches ``"x"`` either way round: a gzipped copy's weak ETag
    revalidates the plain one's)."""
    if not if_none_match:
        return False
    opaque = tag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        value = candidate.strip()
        if value == "*" or value.removeprefix("W/") == opaque:
            return True
    return False


def slug(episode: Episode) -> str:
    """A file-name-safe slug of the episode title (its id when the title has no letters)."""
    text = unicodedata.normalize("NFKD", episode.title).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80].rstrip("-")
    return cleaned or episode.id


def content_disposition(episode: Episode, fmt: Format, download: bool) -> str | None:
    """``attachment; filename="<slug>.<ext>"`` for downloads and caption files, else None."""
    if not download and fmt not in ALWAYS_ATTACHED:
        return None
    return f'attachment; filename="{slug(episode)}.{EXTENSIONS[fmt]}"'
