"""The SSRF list end to end: lookups of private, loopback and non-http URLs through the real API and
worker, on a stack that refuses private addresses and exempts only the fixture server's ``host:port``
(``PODGIST_ALLOW_HOSTS``), so a redirect from that fixture meets the same check as any URL.

Every private target points at a *canary* server on 127.0.0.1 that is not exempt: whatever the spelling,
it must never be reached. And a refused lookup leaves nothing cached and costs no credit.
"""

from __future__ import annotations

import socket
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest
import redis

from podgist import keys
from podgist.models import LookupRequest
from podgist.netguard import is_public, literal_address
from podgist.sources import request_alias
from tests.episodes import publish
from tests.flow import make_key
from tests.hostile.conftest import credits_of, settle
from tests.podcastweb import PodcastWeb
from tests.stack import Stack

pytestmark = pytest.mark.faults

# {p} is the canary's port; the rest name addresses no test can reach, refused before any connection.
PRIVATE = [
    "http://127.0.0.1:{p}/feed.xml",
    "http://localhost:{p}/feed.xml",
    "http://LOCALHOST.:{p}/feed.xml",
    "http://[::1]:{p}/feed.xml",
    "http://0.0.0.0:{p}/feed.xml",
    "http://0:{p}/feed.xml",
    "http://2130706433:{p}/feed.xml",
    "http://0x7f000001:{p}/feed.xml",
    "http://0177.0.0.1:{p}/feed.xml",
    "http://127.1:{p}/feed.xml",
    "http://[::ffff:127.0.0.1]:{p}/feed.xml",
    "http://10.0.0.1/feed.xml",
    "http://172.16.0.1/feed.xml",
    "http://192.168.1.1/feed.xml",
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00::1]/feed.xml",
    "http://100.64.0.1/feed.xml",
]
NOT_HTTP = [
    "file:///etc/passwd",
    "gopher://127.0.0.1:70/_GET",
    "dict://127.0.0.1:11211/stat",
    "ftp://e.test/f",
]


@pytest.fixture(scope="module")
def canary() -> Iterator[PodcastWeb]:
    """A loopback server with a perfectly good feed: reaching it would make an SSRF succeed."""
    server = PodcastWeb().start()
    ep = publish(server, "canary")
    server.add("/feed.xml", server.routes[urlsplit(ep.feed_url).path].body, "application/rss+xml")
    yield server
    assert sum(server.hits.values()) == 0, f"the canary was reached: {server.requests}"
    server.stop()


@pytest.fixture(scope="module")
def stack(redis_url: str, web: PodcastWeb) -> Iterator[Stack]:
    """Private addresses refused; only the fixture web's exact host:port exempt; no rate limits."""
    fixture = urlsplit(web.base).netloc
    running = Stack(
        redis_url,
        web.base,
        PODGIST_ALLOW_PRIVATE_HOSTS="false",
        PODGIST_ALLOW_HOSTS=fixture,
        PODGIST_QUEUE_NAME=f"podgist:queue:{uuid.uuid4().hex[:8]}",
        PODGIST_KEY_RATE_PER_MINUTE="0",
    )
    yield running
    running.stop()


def port(server: PodcastWeb) -> int:
    return int(urlsplit(server.base).port or 0)


def refused(http: httpx.Client, rdb: redis.Redis, body: dict[str, str], code: str) -> None:
    """The lookup fails with ``code``, and neither an episode nor an alias nor a feed copy is cached."""
    submitted = http.post("/v1/lookups", json=body)
    assert submitted.status_code == 202, submitted.text
    final = settle(http, submitted.json())
    assert final.status == "failed" and final.error is not None, final
    assert final.error.code == code, final.error
    assert final.episode_id is None
    assert not rdb.exists(keys.alias(request_alias(LookupRequest(url=body["url"]))))
    for url in body.values():
        assert not rdb.exists(keys.feed_cache(url))


@pytest.mark.parametrize("target", PRIVATE)
def test_private_targets_are_refused(
    client: httpx.Client, rdb: redis.Redis, canary: PodcastWeb, target: str
) -> None:
    refused(client, rdb, {"url": target.format(p=port(canary))}, "private_address")
    assert not canary.hits, canary.requests


def test_a_name_that_resolves_to_this_machine_is_refused(
    client: httpx.Client, rdb: redis.Redis, canary: PodcastWeb
) -> None:
    host = socket.gethostname()  # an ordinary-looking name; here it resolves to loopback or a LAN address
    try:
        addresses = {str(info[4][0]) for info in socket.getaddrinfo(host, None)}
    except socket.gaierror:
        pytest.skip(f"this machine's name {host!r} does not resolve")
    parsed = [literal_address(a) for a in addresses]
    if any(a is None or is_public(a) for a in parsed):
        pytest.skip(f"{host!r} resolves to a public address here: {addresses}")
    refused(client, rdb, {"url": f"http://{host}:{port(canary)}/feed.xml"}, "private_address")
    assert not canary.hits, canary.requests


@pytest.mark.parametrize("url", NOT_HTTP)
def test_non_http_urls_are_refused_at_once(client: httpx.Client, url: str) -> None:
    for body in (
        {"url": url},
        {"url": "https://e.test/ep", "feedUrl": url},
        {"url": "https://e.test/ep", "audioUrl": url},
    ):
        answer = client.post("/v1/lookups", json=body)
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == "invalid_url"


@pytest.mark.parametrize("host", ["a..b", "xn--", "\ufffd", "\uff41.test", "a" * 300 + ".test", ".e.test"])
def test_host_names_that_cannot_be_encoded_fail_typed(
    client: httpx.Client, rdb: redis.Redis, host: str
) -> None:
    """Accepted as URLs, refused before any connection as ``invalid_url``: they used to escape the
    fetcher as UnicodeError / httpx.InvalidURL and fail the lookup as an ``internal_error``."""
    refused(client, rdb, {"url": f"http://{host}/feed.xml"}, "invalid_url")


REDIRECTS = [
    ("http://127.0.0.1:{p}/feed.xml", "private_address"),
    ("http://localhost:{p}/feed.xml", "private_address"),
    ("http://[::1]:{p}/feed.xml", "private_address"),
    ("http://2130706433:{p}/feed.xml", "private_address"),
    ("http://169.254.169.254/latest/meta-data/", "private_address"),
    ("file:///etc/passwd", "invalid_url"),
    ("gopher://127.0.0.1:{p}/_GET", "invalid_url"),
]


@pytest.mark.parametrize(("target", "code"), REDIRECTS)
def test_redirects_from_the_allowed_fixture_are_checked_again(
    client: httpx.Client, rdb: redis.Redis, web: PodcastWeb, canary: PodcastWeb, target: str, code: str
) -> None:
    location = target.format(p=port(canary))
    url = web.add(f"/ssrf/redirect/{uuid.uuid4().hex}", b"", status=302, headers={"location": location})
    refused(client, rdb, {"url": url}, code)
    assert not canary.hits, canary.requests


def test_a_page_or_request_naming_a_private_feed_is_refused(
    client: httpx.Client, rdb: redis.Redis, web: PodcastWeb, canary: PodcastWeb, slug: str
) -> None:
    private_feed = f"http://127.0.0.1:{port(canary)}/feed.xml"
    page = web.add(
        f"/{slug}/page",
        f'<html><head><link rel="alternate" type="application/rss+xml" href="{private_feed}"></head></html>',
    )
    refused(client, rdb, {"url": page}, "private_address")
    plain = web.add(f"/{slug}/plain", "<html><head><title>no hints</title></head></html>")
    refused(client, rdb, {"url": plain, "feedUrl": private_feed}, "private_address")
    assert not canary.hits, canary.requests


def test_the_fixture_itself_is_allowed(client: httpx.Client, web: PodcastWeb, slug: str) -> None:
    """The refusals above are the address check at work, not a stack that can fetch nothing."""
    ep = publish(web, slug)
    submitted = client.post("/v1/lookups", json={"url": ep.page_url})
    assert submitted.status_code == 202, submitted.text
    assert settle(client, submitted.json()).status == "done"


def test_refused_and_failed_reads_cost_no_credit(
    client: httpx.Client, rdb: redis.Redis, redis_url: str, web: PodcastWeb, canary: PodcastWeb, slug: str
) -> None:
    key = make_key(redis_url, 3)
    missing = web.url(f"/{slug}/gone")  # the fixture answers 404: an upstream_error lookup
    redirect = web.add(f"/{slug}/go", b"", status=302, headers={"location": f"http://[::1]:{port(canary)}/"})
    cases = [
        (f"http://127.0.0.1:{port(canary)}/feed.xml", "private_address"),
        (redirect, "private_address"),
        (missing, "upstream_error"),
    ]
    for url, code in cases:
        answer = client.get("/transcripts", params={"url": url, "wait": 20}, headers={"x-api-key": key})
        # a failed lookup answers 422 with its own code, never the 5xx of the upstream failure
        assert answer.status_code == 422, answer.text
        assert answer.json()["code"] == code
        assert "x-credits-charged" not in answer.headers
    assert credits_of(rdb, key) == 3
    account = client.get("/v1/account", headers={"x-api-key": key}).json()
    assert account["balance"] == 3 and account["episodesPaid"] == 0
