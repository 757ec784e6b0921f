"""The safe fetcher refuses every way of reaching a private address, and holds its size and time caps.

Redirect tests are real: the fetcher refuses private addresses (``allow_private_hosts`` off) and exempts
only the fixture server's exact ``host:port`` (``Fetcher(allow_hosts=...)``), so the first hop is served
and the redirect target — another private address — meets the same check as any URL.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit

import pytest

from podgist.errors import InvalidUrl, PodgistError, PrivateAddress, TooLarge, UpstreamError, UpstreamTimeout
from podgist.fetch import Fetcher
from podgist.netguard import is_public, literal_address
from podgist.settings import Settings
from tests.podcastweb import PodcastWeb

PRIVATE = [
    "http://127.0.0.1/",
    "http://localhost/",
    "http://0.0.0.0/",
    "http://0/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[2002:7f00:1::]/",
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.0x0.0x0.0x1/",
    "http://0177.0.0.1/",
    "http://017700000001/",
    "http://127.1/",
    "http://127.0.1/",
    "https://127.0.0.1:8443/admin",
    "http://10.0.0.1/",
    "http://10.255.255.254:8080/",
    "http://172.16.0.1/",
    "http://172.31.255.255/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",
    "http://100.64.0.1/",
    "http://[fc00::1]/",
    "http://[fd12:3456::1]/",
    "http://[fe80::1]/",
    "http://224.0.0.1/",
    "http://255.255.255.255/",
    "http://192.0.2.10/",
    "http://198.18.0.1/",
    "http://[::ffff:10.0.0.1]/",
]
NOT_HTTP = [
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_GET",
    "ftp://example.com/feed.xml",
    "data:text/plain,hello",
    "javascript:alert(1)",
    "dict://127.0.0.1:11211/stat",
    "http://",
    "http:///etc/passwd",
    "//example.com/feed.xml",
    "http://exa mple.com/",
    "http://example.com:99999/",
]


def refusing(**overrides: object) -> Settings:
    return Settings(allow_private_hosts=False, **overrides)  # type: ignore[arg-type]


@pytest.fixture
async def fetcher() -> AsyncIterator[Fetcher]:
    f = Fetcher(refusing(connect_timeout=1.0, total_timeout=3.0))
    yield f
    await f.aclose()


@pytest.mark.parametrize("url", PRIVATE)
async def test_private_addresses_are_refused(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(PrivateAddress):
        await fetcher.get(url)


@pytest.mark.parametrize("url", NOT_HTTP)
async def test_non_http_urls_are_refused(fetcher: Fetcher, url: str) -> None:
    with pytest.raises(InvalidUrl):
        await fetcher.get(url)


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1", "10.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("example.com", None),
        ("1.2.3.4.5", None),
    ],
)
def test_numeric_spellings_are_read_like_the_c_resolver(host: str, address: str | None) -> None:
    parsed = literal_address(host)
    assert (str(parsed) if parsed else None) == address


def test_public_addresses_stay_public() -> None:
    for text in ("93.184.216.34", "8.8.8.8", "2606:4700::1111"):
        address = literal_address(text)
        assert address is not None and is_public(address)


# --- through a real server ---------------------------------------------------------------------------
def _port(web: PodcastWeb) -> int:
    return int(urlsplit(web.base).port or 0)


@pytest.fixture
async def guarded(web: PodcastWeb) -> AsyncIterator[Fetcher]:
    """Refuses private addresses except the fixture server's exact host:port."""
    f = Fetcher(refusing(max_redirects=5, total_timeout=3.0), allow_hosts=[f"127.0.0.1:{_port(web)}"])
    yield f
    await f.aclose()


def _redirect(web: PodcastWeb, path: str, to: str) -> str:
    return web.add(path, b"", status=302, headers={"location": to})


async def test_allowed_fixture_host_is_served(guarded: Fetcher, web: PodcastWeb) -> None:
    url = web.add("/safety/ok", "fine", "text/plain")
    fetched = await guarded.get(url)
    assert fetched.content == b"fine"
    assert any(h.get("user-agent", "").startswith("Podgist/") for p, h in web.requests if p == "/safety/ok")


@pytest.mark.parametrize(
    ("target", "error"),
    [
        ("http://127.0.0.2:{port}/", PrivateAddress),
        ("http://localhost:{port}/safety/ok", PrivateAddress),
        ("http://[::1]:{port}/", PrivateAddress),
        ("http://169.254.169.254/latest/meta-data/", PrivateAddress),
        ("http://2130706433:{port}/", PrivateAddress),
        ("file:///etc/passwd", InvalidUrl),
        ("gopher://127.0.0.1:{port}/", InvalidUrl),
    ],
)
async def test_redirects_to_other_private_addresses_are_refused(
    guarded: Fetcher, web: PodcastWeb, target: str, error: type[PodgistError]
) -> None:
    url = _redirect(web, f"/safety/redirect/{abs(hash(target))}", target.format(port=_port(web)))
    with pytest.raises(error):
        await guarded.get(url)


async def test_redirect_loop_is_refused(guarded: Fetcher, web: PodcastWeb) -> None:
    _redirect(web, "/safety/loop/a", "/safety/loop/b")
    url = _redirect(web, "/safety/loop/b", "/safety/loop/a")
    with pytest.raises(UpstreamError, match="loop"):
        await guarded.get(url)


async def test_too_many_redirects_are_refused(guarded: Fetcher, web: PodcastWeb) -> None:
    for i in range(8):
        _redirect(web, f"/safety/chain/{i}", f"/safety/chain/{i + 1}")
    web.add("/safety/chain/8", "end", "text/plain")
    with pytest.raises(UpstreamError, match="Too many redirects"):
        await guarded.get(web.url("/safety/chain/0"))
    assert (await guarded.get(web.url("/safety/chain/4"))).content == b"end"  # 4 hops are fine


async def test_declared_oversize_body_is_refused_unread(guarded: Fetcher, web: PodcastWeb) -> None:
    url = web.add("/safety/big", b"x" * 300_000, "text/plain")
    with pytest.raises(TooLarge):
        await guarded.get(url, max_bytes=100_000)


async def test_wrong_content_type_is_refused(guarded: Fetcher, web: PodcastWeb) -> None:
    url = web.add("/safety/html", "<html></html>", "text/html")
    with pytest.raises(UpstreamError, match="content type"):
        await guarded.get(url, accept=("application/json",))


# --- a raw server for what well-behaved servers never do ----------------------------------------------
class _Raw(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        sock: socket.socket = self.request
        try:
            path = sock.recv(65536).split(b" ", 2)[1].decode()
            if path == "/trickle":  # slow-loris: one byte every 50 ms, for ever
                sock.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: 100000\r\n\r\n")
                for _ in range(400):
                    sock.sendall(b"x")
                    time.sleep(0.05)
            elif path == "/undeclared":  # no length: read until close
                sock.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\n")
                sock.sendall(b"y" * 400_000)
            elif path == "/silent":  # accepts, never answers
                time.sleep(5)
        except OSError:
            pass


@pytest.fixture(scope="module")
def raw() -> Iterator[str]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Raw)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


async def _fetch(raw: str, path: str, **settings: float) -> None:
    f = Fetcher(refusing(**settings), allow_hosts=[raw])
    try:
        await f.get(f"http://{raw}{path}", max_bytes=100_000)
    finally:
        await f.aclose()


async def test_undeclared_oversize_body_is_cut_off(raw: str) -> None:
    with pytest.raises(TooLarge):
        await _fetch(raw, "/undeclared")


async def test_slow_loris_body_hits_the_total_time_cap(raw: str) -> None:
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout):
        await _fetch(raw, "/trickle", read_timeout=5.0, total_timeout=1.0)
    assert time.monotonic() - started < 3.0  # each byte came within the read timeout; the total cap held


async def test_silent_server_hits_the_read_timeout(raw: str) -> None:
    with pytest.raises(UpstreamTimeout):
        await _fetch(raw, "/silent", read_timeout=0.5, total_timeout=10.0)
