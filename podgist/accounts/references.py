"""What a client may name an episode by, and how each name is found or looked up.

``ep_…``/``au_…``/``yt_…`` are our episode ids; all digits is an Apple episode id; 11 URL-safe
characters a YouTube video id; anything starting with http(s):// the episode's URL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from podgist.errors import NotFound, ValidationFailed
from podgist.models import LookupRequest
from podgist.sources import request_alias
from podgist.sources.apple import apple_episode_request
from podgist.sources.ids import APPLE_EPISODE, YOUTUBE_ID

EPISODE_ID = re.compile(r"^(?:ep|au|yt)_[A-Za-z0-9_-]{4,64}$")
YOUTUBE_WATCH = "https://www.youtube.com/watch?v="


@dataclass(frozen=True)
class Reference:
    """A parsed episode name: our id, or an alias to check in the cache and a request to look it up."""

    raw: str
    episode_id: str | None = None
    alias: str | None = None
    request: LookupRequest | None = None

    @property
    def name(self) -> str:
        """The canonical form, compared against the demo key's episode list."""
        return self.episode_id or self.alias or self.raw


def parse_reference(text: str) -> Reference:
    """Read an id, Apple id, YouTube id or URL; :class:`ValidationFailed` for anything else."""
    raw = text.strip()
    if raw.lower().startswith(("http://", "https://")):
        by_url = LookupRequest(url=raw)
        return Reference(raw=raw, alias=request_alias(by_url), request=by_url)
    if EPISODE_ID.match(raw):
        video = raw[3:]
        request: LookupRequest | None = (
            LookupRequest(url=YOUTUBE_WATCH + video)
            if raw.startswith("yt_") and YOUTUBE_ID.match(video)
            else None
        )
        return Reference(raw=raw, episode_id=raw, request=request)
    if APPLE_EPISODE.match(raw):
        return Reference(raw=raw, alias=f"apple:{raw}", request=apple_episode_request(raw))
    if YOUTUBE_ID.match(raw):
        return Reference(raw=raw, alias=f"yt:{raw}", request=LookupRequest(url=YOUTUBE_WATCH + raw))
    raise ValidationFailed(
        f"{raw[:100]!r} is not an episode id (ep_…, au_…, yt_…), an Apple episode id, a YouTube video id "
        "or an http(s) URL."
    )


def not_found(ref: Reference) -> NotFound:
    """The error for a name that is neither cached nor something we can look up."""
    if ref.episode_id:
        return NotFound(f"No episode with id {ref.raw!r} is cached; ask by its URL to look it up.")
    return NotFound(f"{ref.raw!r} is not cached and cannot be looked up by that id; ask by its URL.")
