"""gzip for what the API sends again and again: cached episodes (~200 KB of JSON an hour, ~3.5× smaller
gzipped) and transcripts, to clients that accept it (browsers, the extension's fetch, curl --compressed,
most HTTP libraries).

Compressing 200 KB takes ~8 ms, about ten times the whole cached read, so each body is compressed once
and the copy is kept in memory, by a digest of the body: an episode's stamp, a transcript's ETag. So a
remembered copy is never stale. Episodes saved before stamps existed, and every episode when there is no
memory for the copies (``PODGIST_EPISODE_MEMORY_MB=0``), are sent as they are.
"""

from __future__ import annotations

import gzip
from typing import Any

from cachetools import LRUCache
from litestar import MediaType, Response

GZIP_LEVEL = 6
"""zlib's default: nearly all of level 9's saving on transcript JSON, in well under half the time."""
GZIP_MIN_BYTES = 1024
"""Below this a body fits in a packet anyway, and gzip's own header and trailer eat much of the saving."""
_ACCEPT_ENCODING = b"accept-encoding"
_VARY = {"vary": "accept-encoding"}


class GzipMemory:
    """gzipped copies of bodies by a digest of their bytes, least recently used first out, up to
    ``max_bytes``."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, max_bytes)
        self._copies: LRUCache[bytes, bytes] = LRUCache(max(1, self.max_bytes), getsizeof=len)

    def compressed(self, digest: bytes, raw: bytes) -> bytes:
        """``raw`` gzipped: the remembered copy for ``digest``, else compressed now (and remembered)."""
        found = self._copies.get(digest)
        if found is None:
            found = gzip.compress(raw, compresslevel=GZIP_LEVEL, mtime=0)
            if len(found) <= self.max_bytes:
                self._copies[digest] = found
        return found

    def __len__(self) -> int:
        return len(self._copies)


def accepts_gzip(accept_encoding: str | None) -> bool:
    """Whether an ``Accept-Encoding`` value allows gzip: named (or ``x-gzip``), or covered by ``*``, with
    a quality above 0 (RFC 9110 §12.5.3)."""
    if not accept_encoding:
        return False
    named = star = None
    for item in accept_encoding.split(","):
        coding, _, params = item.partition(";")
        coding = coding.strip().lower()
        if coding in ("gzip", "x-gzip"):
            named = _quality(params)
        elif coding == "*":
            star = _quality(params)
    chosen = named if named is not None else star
    return chosen is not None and chosen > 0


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "q":
            try:
                return float(value.strip())
            except ValueError:
                return 0.0  # a quality that cannot be read grants nothing
    return 1.0


def accept_encoding(scope: Any) -> str | None:
    """The request's ``Accept-Encoding`` header, read straight from the ASGI scope (lower-case names)."""
    for name, value in scope["headers"]:
        if name == _ACCEPT_ENCODING:
            return str(value.decode("latin-1"))
    return None


def wants_gzip(scope: Any, stamp: bytes, memory: GzipMemory) -> bool:
    """Whether to send an episode gzipped: the client accepts it, and the episode has a stamp to remember
    the copy by in ``memory``, which has room (else compressing would cost more than it saves)."""
    return bool(stamp) and memory.max_bytes > 0 and accepts_gzip(accept_encoding(scope))


def negotiated_body(
    body: bytes, etag: str, accept_encoding: str | None, memory: GzipMemory
) -> tuple[bytes, str, dict[str, str]]:
    """(bytes to send, their ETag, headers to add) for a body with the strong ETag ``etag``: gzipped,
    with the weak form of the ETag, when the client accepts gzip and the body is worth it; else as is."""
    if len(body) < GZIP_MIN_BYTES or not accepts_gzip(accept_encoding):
        return body, etag, {}
    return memory.compressed(etag.encode(), body), f"W/{etag}", {"content-encoding": "gzip"}


def episode_etag(stamp: bytes, gzipped: bool) -> str:
    """The episode's ETag: its stamp, weak on the gzipped copy, whose bytes differ (``If-None-Match``
    compares weakly, so either one revalidates)."""
    tag = f'"{stamp.decode()}"'
    return f"W/{tag}" if gzipped else tag


def not_modified(etag: str) -> Response[bytes]:
    """The bodiless 304 for a client that holds the episode: the ETag of the copy it would have got."""
    return Response(b"", status_code=304, headers={"etag": etag, **_VARY})


def episode_response(
    raw: bytes, stamp: bytes, gzipped: bool, memory: GzipMemory, *, etag: bool = True
) -> Response[bytes]:
    """A cached episode's JSON (200), gzipped if ``gzipped``, with ``Vary: Accept-Encoding`` and (with
    ``etag``) its ETag; an episode without a stamp gets neither."""
    if not stamp:
        return Response(raw, status_code=200, media_type=MediaType.JSON)
    headers = dict(_VARY)
    if gzipped:
        raw = memory.compressed(stamp, raw)
        headers["content-encoding"] = "gzip"
    if etag:
        headers["etag"] = episode_etag(stamp, gzipped)
    # the status is explicit: a route's own default (POST /v1/lookups: 202) would apply otherwise
    return Response(raw, status_code=200, media_type=MediaType.JSON, headers=headers)
