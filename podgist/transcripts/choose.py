"""Picking the best transcript among those a feed item links (``podcast:transcript``).

Order, most important first: the language of the setting (``en`` matches ``en-US``; an unlabelled
transcript comes after a match and before a mismatch), then ``rel="captions"`` files last (captions
are cut for the screen), then the format: timed formats (Podcasting 2.0 JSON, WebVTT, SRT) before
HTML before plain text, then the feed's own order.
"""

from __future__ import annotations

from podgist.models import TranscriptLink

_FORMAT_RANK: dict[str, int] = {
    "application/json": 0,
    "application/x-json": 0,
    "text/vtt": 1,
    "application/x-subrip": 2,
    "application/srt": 2,
    "text/srt": 2,
    "text/x-srt": 2,
    "text/html": 3,
    "text/markdown": 4,
    "text/plain": 5,
}
_EXTENSION_RANK: dict[str, int] = {
    ".json": 0,
    ".vtt": 1,
    ".srt": 2,
    ".html": 3,
    ".htm": 3,
    ".md": 4,
    ".txt": 5,
}
_UNKNOWN_RANK = 6


def format_rank(link: TranscriptLink) -> int:
    """0 (Podcasting 2.0 JSON) … 5 (plain text); the URL's extension decides when the type is unknown."""
    mime = (link.type or "").split(";", 1)[0].strip().lower()
    if mime in _FORMAT_RANK:
        return _FORMAT_RANK[mime]
    path = link.url.split("?", 1)[0].split("#", 1)[0].lower()
    for ext, rank in _EXTENSION_RANK.items():
        if path.endswith(ext):
            return rank
    return _UNKNOWN_RANK


def language_rank(link: TranscriptLink, language: str | None) -> int:
    """0 when the link's language matches ``language`` (primary subtags compared), 1 when either is
    unknown, 2 when they differ."""
    if not language or not link.language:
        return 1
    want = language.strip().lower().replace("_", "-")
    have = link.language.strip().lower().replace("_", "-")
    if have == want or have.split("-", 1)[0] == want.split("-", 1)[0]:
        return 0
    return 2


def rank_transcripts(links: list[TranscriptLink], language: str | None = None) -> list[TranscriptLink]:
    """The links best first (see the module docstring); ties keep the feed's order."""

    def key(pair: tuple[int, TranscriptLink]) -> tuple[int, bool, int, int]:
        index, link = pair
        captions = (link.rel or "").strip().lower() == "captions"
        return language_rank(link, language), captions, format_rank(link), index

    return [link for _, link in sorted(enumerate(links), key=key)]


def choose_transcript(links: list[TranscriptLink], language: str | None = None) -> TranscriptLink | None:
    """The best link, or None when there is none."""
    ranked = rank_transcripts(links, language)
    return ranked[0] if ranked else None
