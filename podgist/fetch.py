"""The one safe outbound HTTP client every source uses: http(s) only, vetted addresses, size and time caps."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import msgspec

from podgist.errors import (
    InvalidUrl,
    PodgistError,
    PrivateAddress,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnreachable,
)
from podgist.fetch_rules import (
    capped_chunks,
    check_type,
    check_url,
    content_type,
    raise_for_status,
    read_capped,
    redirect_target,
)
from podgist.netguard import GuardedBackend, host_port, refuse_literal
from podgist.settings import Settings

REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})
MB = 1024 * 1024


class Fetched(msgspec.Struct, frozen=True):
    """A fully read response (final URL after redirects)."""

    url: str
    status: int
    content: bytes
    content_type: str | None
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def text(self) -> str:
        """The body decoded as UTF-8 (with a BOM removed), replacing undecodable bytes."""
        return self.content.decode("utf-8-sig", errors="replace")


class Fetcher:
    """Owns one httpx client whose connections go through :class:`GuardedBackend`.

    ``allow_hosts`` exempts exact ``host:port`` pairs from the address check (e.g. ``127.0.0.1:8081``);
    every other destination, redirect targets included, is still checked.
    """

    def __init__(
        self,
        settings: Settings,
        client: httpx.AsyncClient | None = None,
        *,
        allow_hosts: Iterable[str] = (),
    ) -> None:
        self.settings = settings
        self.allow_hosts = frozenset(h.lower() for h in allow_hosts)
        self.client = client or self._make_client(settings, self.allow_hosts)

    @staticmethod
    def _make_client(settings: Settings, allow_hosts: frozenset[str]) -> httpx.AsyncClient:
        transport = httpx.AsyncHTTPTransport(retries=1)
        pool = transport._pool  # httpx has no public hook for the network backend; the pool has one.
        pool._network_backend = GuardedBackend(
            pool._network_backend,
            allow_private=settings.allow_private_hosts,
            allow_hosts=allow_hosts,
        )
        timeout = httpx.Timeout(
            settings.read_timeout, connect=settings.connect_timeout, pool=settings.connect_timeout
        )
        return httpx.AsyncClient(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,  # followed by hand so every hop is checked
            trust_env=False,  # a proxy from the environment would bypass the address check
            headers={"user-agent": settings.user_agent},
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    async def get(
        self,
        url: str,
        *,
        max_bytes: int | None = None,
        headers: dict[str, str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: tuple[str, ...] | None = None,
        skip_body: Callable[[str, str | None], bool] | None = None,
    ) -> Fetched:
        """GET ``url`` fully into memory, following up to ``max_redirects`` checked redirects.

        The total time cap holds for the whole exchange, so a body trickling in byte by byte is cut off.
        ``accept`` lists content-type prefixes; any other answer raises :class:`UpstreamError` unread.
        ``skip_body(final_url, content_type)`` returning True leaves the body unread (e.g. audio files).
        """
        limit = max_bytes or int(self.settings.max_fetch_mb * MB)
        req_headers = dict(headers or {})
        if etag:
            req_headers["if-none-match"] = etag
        if last_modified:
            req_headers["if-modified-since"] = last_modified
        try:
            async with asyncio.timeout(self.settings.total_timeout):
                async with self.stream(url, headers=req_headers) as response:
                    if accept is not None and response.status_code != 304:
                        check_type(response, accept)
                    skip = skip_body is not None and skip_body(str(response.url), content_type(response))
                    body = b"" if skip else await read_capped(response, limit)
                    return Fetched(
                        url=str(response.url),
                        status=response.status_code,
                        content=body,
                        content_type=response.headers.get("content-type"),
                        etag=response.headers.get("etag"),
                        last_modified=response.headers.get("last-modified"),
                    )
        except TimeoutError as exc:
            raise UpstreamTimeout(f"Fetching {url[:200]} took longer than the time limit.") from exc

    async def download(self, url: str, dest: Path, *, max_bytes: int, timeout: float) -> Fetched:
        """Stream ``url`` into the file ``dest`` with a size and a total time cap (for audio)."""
        try:
            async with asyncio.timeout(timeout), self.stream(url) as response:
                with dest.open("wb") as fh:
                    async for chunk in capped_chunks(response, max_bytes, 256 * 1024):
                        fh.write(chunk)
                return Fetched(str(response.url), response.status_code, b"", content_type(response))
        except TimeoutError as exc:
            raise UpstreamTimeout(f"Downloading {url[:200]} took longer than the time limit.") from exc

    @asynccontextmanager
    async def stream(
        self, url: str, *, headers: dict[str, str] | None = None
    ) -> AsyncIterator[httpx.Response]:
        """Open a streamed response, after checked redirects; raises typed errors for 4xx/5xx."""
        current = self.vet(url)
        seen = {current}
        for _hop in range(self.settings.max_redirects + 1):
            request = self._request(current, headers)
            response = await self._send(request)
            if response.status_code in REDIRECT_CODES and "location" in response.headers:
                await response.aclose()
                current = self.vet(redirect_target(current, response.headers["location"]))
                if current in seen:
                    raise UpstreamError(
                        f"{url[:200]} redirects in a loop.", detail={"url": url[:500], "loop": current[:500]}
                    )
                seen.add(current)
                continue
            try:
                raise_for_status(response)
                yield response
            finally:
                await response.aclose()
            return
        raise UpstreamError(
            f"Too many redirects (more than {self.settings.max_redirects}) from {url[:200]}.",
            detail={"url": url[:500]},
        )

    def vet(self, url: str) -> str:
        """``check_url`` plus the address rule for numeric hosts, before any connection is made."""
        check_url(url)
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
        if not self.settings.allow_private_hosts and host_port(host, port) not in self.allow_hosts:
            refuse_literal(host)
        return url

    def _request(self, url: str, headers: dict[str, str] | None) -> httpx.Request:
        try:
            return self.client.build_request("GET", url, headers=headers)
        except (httpx.InvalidURL, UnicodeError) as exc:  # a host IDNA cannot encode: "a..b", "xn--", "\ufffd"
            raise InvalidUrl(f"Not a URL we can fetch: {url[:200]!r}.") from exc

    async def _send(self, request: httpx.Request) -> httpx.Response:
        try:
            return await self.client.send(request, stream=True)
        except PodgistError:
            raise
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"{request.url.host} did not answer in time.") from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise InvalidUrl(f"Not a URL we can fetch: {str(request.url)[:200]!r}.") from exc
        except (httpx.TransportError, OSError) as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, PrivateAddress):
                raise cause from None
            raise UpstreamUnreachable(f"Could not connect to {request.url.host}: {exc}.") from exc
