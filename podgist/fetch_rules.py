"""What the fetcher accepts: the URLs it may ask for, and the answers (status, type, size) it will read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import urljoin, urlsplit

import httpx

from podgist.errors import InvalidUrl, TooLarge, UpstreamError


def check_url(url: str) -> str:
    """Reject anything but absolute http(s) URLs with a host; returns the URL unchanged."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError as exc:
        raise InvalidUrl(f"Not a valid URL: {url[:200]!r}.") from exc
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise InvalidUrl(f"Only http(s) URLs can be fetched, not {url[:200]!r}.")
    if any(ch.isspace() or ord(ch) < 32 for ch in url):
        raise InvalidUrl("URLs may not contain spaces or control characters.")
    return url


def redirect_target(current: str, location: str) -> str:
    """Where a redirect leads; urljoin raises ValueError on a Location such as ``http://[x``."""
    try:
        return urljoin(current, location)
    except ValueError as exc:
        raise UpstreamError(
            f"{current[:200]} redirects to an unreadable location.", detail={"location": location[:500]}
        ) from exc


def content_type(response: httpx.Response) -> str | None:
    """The raw content-type header, if any."""
    value: str | None = response.headers.get("content-type")
    return value


def check_length(response: httpx.Response, limit: int) -> None:
    """Refuse a body whose declared length is over ``limit`` before reading any of it."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(f"The body is {int(declared):,} bytes, more than the {limit:,} we accept.")


async def capped_chunks(response: httpx.Response, limit: int, chunk_size: int) -> AsyncIterator[bytes]:
    """The body in chunks, raising :class:`TooLarge` as soon as it declares or reaches more than ``limit``."""
    check_length(response, limit)
    size = 0
    async for chunk in response.aiter_bytes(chunk_size):
        size += len(chunk)
        if size > limit:
            raise TooLarge(f"The body is larger than the {limit:,} bytes we accept.")
        yield chunk


async def read_capped(response: httpx.Response, limit: int) -> bytes:
    """The whole body, at most ``limit`` bytes."""
    return b"".join([chunk async for chunk in capped_chunks(response, limit, 64 * 1024)])


def check_type(response: httpx.Response, accept: tuple[str, ...]) -> None:
    """Refuse an answer whose content type starts with none of the ``accept`` prefixes."""
    ctype = (response.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
    if not ctype.startswith(accept):
        raise UpstreamError(
            f"{response.url.host} answered with content type {ctype or 'none'!r}, not {' or '.join(accept)}.",
            detail={"contentType": ctype, "url": str(response.url)[:500]},
        )


def raise_for_status(response: httpx.Response) -> None:
    """Turn a 4xx/5xx answer (304 aside) into :class:`UpstreamError`."""
    if response.status_code < 400 or response.status_code == 304:
        return
    raise UpstreamError(
        f"{response.url.host} answered HTTP {response.status_code} for {str(response.url)[:200]}.",
        detail={"status": response.status_code, "url": str(response.url)[:500]},
    )
