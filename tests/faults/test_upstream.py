"""Misbehaving upstreams, end to end through the API and a worker: every lookup fails with a typed code
within a bounded time, and nothing is cached. (The fetcher's own guards are unit-tested in
tests/unit/test_fetch_safety.py; here the same faults must surface as the right lookup error.)

All cases run at once in one module fixture, so the slow ones (time caps) overlap instead of adding up.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
import pytest
import redis

from podgist import keys
from podgist.sources.base import feed_episode_id
from tests.episodes import TWO_SPEAKER_VTT, episode_page, feed_xml, item_xml, publish
from tests.faults.helpers import (
    ITUNES_PREFIX,
    MAX_FETCH_BYTES,
    TOTAL_TIMEOUT,
    cache_traces,
    episode_id_of,
    trickle,
    trickled_headers,
    undeclared,
    url_aliases,
)
from tests.flow import wait_done
from tests.podcastweb import PodcastWeb, Route
from tests.stack import Stack
from tests.upstreams import digits

pytestmark = pytest.mark.faults

FAST_BOUND = 5.0  # seconds from POST to the failed state, queueing and polling included
SLOW_BOUND = TOTAL_TIMEOUT + 4.0  # a time cap must fire, then the same margin


@dataclass
class Fault:
    """A lookup that must fail: what is looked up and which keys a build would have left."""

    url: str
    episode_id: str
    aliases: list[str]


Setup = Callable[[PodcastWeb, str], Fault]


def _published(web: PodcastWeb, slug: str, part: str, **route: Any) -> Fault:
    """Publish an episode, then replace one of its parts (page, feed, transcript) with ``route``."""
    ep = publish(web, slug)
    web.routes[ep.paths[part]] = Route(**route)
    return Fault(ep.page_url, episode_id_of(ep), url_aliases(ep.page_url, ep.audio_url))


def slow_loris_body(web: PodcastWeb, slug: str) -> Fault:
    # Declares 100 kB, sends a byte every 100 ms: each read is quick, the whole never ends.
    writer = trickle(b"", "text/vtt", pieces=1, every=0.1, declared=100_000)
    return _published(web, slug, "transcript", writer=writer)


def slow_loris_headers(web: PodcastWeb, slug: str) -> Fault:
    return _published(web, slug, "page", writer=trickled_headers(every=0.1))


def silent_feed(web: PodcastWeb, slug: str) -> Fault:
    return _published(web, slug, "feed", body=b"", delay=TOTAL_TIMEOUT * 2)


def feed_503(web: PodcastWeb, slug: str) -> Fault:
    return _published(web, slug, "feed", body=b"maintenance", content_type="text/plain", status=503)


def page_redirect_loop(web: PodcastWeb, slug: str) -> Fault:
    fault = _published(web, slug, "page", status=302, headers={"location": f"/{slug}/moved"})
    web.add(f"/{slug}/moved", b"", status=301, headers={"location": fault.url})
    return fault


def feed_not_modified_unasked(web: PodcastWeb, slug: str) -> Fault:
    # 304 to a request that sent no validator: there is no copy to reuse, so there is no feed.
    return _published(web, slug, "feed", body=b"", status=304)


def feed_redirect_chain(web: PodcastWeb, slug: str) -> Fault:
    fault = _published(web, slug, "feed", status=302, headers={"location": f"/{slug}/hop/1"})
    for hop in range(1, 8):  # more hops than PODGIST_MAX_REDIRECTS, each to a new URL (not a loop)
        web.add(f"/{slug}/hop/{hop}", b"", status=307, headers={"location": f"/{slug}/hop/{hop + 1}"})
    return fault


def page_is_an_image(web: PodcastWeb, slug: str) -> Fault:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    return _published(web, slug, "page", body=png, content_type="image/png")


def feed_is_a_web_page(web: PodcastWeb, slug: str) -> Fault:
    page = b"<!doctype html><html><body><h1>Our feed has moved</h1></body></html>"
    return _published(web, slug, "feed", body=page)


def transcript_is_a_web_page(web: PodcastWeb, slug: str) -> Fault:
    # A soft 404: the feed promises text/vtt, the server answers 200 with its error page.
    page = b"<!doctype html><html><body><p>Sorry, that page is gone.</p></body></html>"
    return _published(web, slug, "transcript", body=page)


def itunes_is_a_web_page(web: PodcastWeb, slug: str) -> Fault:
    ep = publish(web, slug)
    show_id, apple_id = digits(slug + "/show", 10), digits(slug, 13)
    # This stack's iTunes stand-in answers a bot-check page where the Search API's JSON belongs.
    web.add(f"{ITUNES_PREFIX}/lookup", b"<!doctype html><html><body>Are you human?</body></html>")
    url = f"https://podcasts.apple.com/us/podcast/x/id{show_id}?i={apple_id}"
    return Fault(url, episode_id_of(ep), [*url_aliases(url, ep.page_url), f"apple:{apple_id}"])


def transcript_declared_huge(web: PodcastWeb, slug: str) -> Fault:
    body = b"WEBVTT\n\n" + b"x" * (2 * MAX_FETCH_BYTES)
    return _published(web, slug, "transcript", body=body, content_type="text/vtt")


def page_undeclared_huge(web: PodcastWeb, slug: str) -> Fault:
    return _published(web, slug, "page", writer=undeclared(3 * MAX_FETCH_BYTES, "text/html"))


def feed_gzip_bomb(web: PodcastWeb, slug: str) -> Fault:
    # A few kB on the wire, 8 MB once inflated: the cap must count decoded bytes.
    bomb = gzip.compress(b'<?xml version="1.0"?><rss><channel><!--' + b" " * (8 * MAX_FETCH_BYTES))
    headers = {"content-encoding": "gzip"}
    return _published(web, slug, "feed", body=bomb, content_type="application/rss+xml", headers=headers)


# name → (setup, code, words the message must contain, bound in seconds)
CASES: dict[str, tuple[Setup, str, str, float]] = {
    "slow-loris-body": (slow_loris_body, "upstream_timeout", "time limit", SLOW_BOUND),
    "slow-loris-headers": (slow_loris_headers, "upstream_timeout", "time limit", SLOW_BOUND),
    "silent-feed": (silent_feed, "upstream_timeout", "in time", SLOW_BOUND),
    "feed-503": (feed_503, "upstream_error", "HTTP 503", FAST_BOUND),
    "feed-304-unasked": (feed_not_modified_unasked, "feed_invalid", "", FAST_BOUND),
    "page-redirect-loop": (page_redirect_loop, "upstream_error", "loop", FAST_BOUND),
    "feed-redirect-chain": (feed_redirect_chain, "upstream_error", "Too many redirects", FAST_BOUND),
    "page-is-an-image": (page_is_an_image, "unsupported_source", "", FAST_BOUND),
    "feed-is-a-web-page": (feed_is_a_web_page, "feed_invalid", "", FAST_BOUND),
    "transcript-is-a-web-page": (transcript_is_a_web_page, "transcript_invalid", "", FAST_BOUND),
    "itunes-is-a-web-page": (itunes_is_a_web_page, "upstream_error", "content type", FAST_BOUND),
    "transcript-declared-huge": (transcript_declared_huge, "too_large", "bytes", FAST_BOUND),
    "page-undeclared-huge": (page_undeclared_huge, "too_large", "bytes", FAST_BOUND),
    "feed-gzip-bomb": (feed_gzip_bomb, "too_large", "bytes", FAST_BOUND),
}


@dataclass
class Outcome:
    fault: Fault
    state: dict[str, Any]
    seconds: float


def _run(base: str, fault: Fault) -> Outcome:
    with httpx.Client(base_url=base, timeout=30) as client:
        started = time.monotonic()
        lookup = client.post("/v1/lookups", json={"url": fault.url})
        assert lookup.status_code == 202, lookup.text
        state = wait_done(client, lookup.json()["id"], timeout=SLOW_BOUND * 3)
        return Outcome(fault, state, time.monotonic() - started)


@pytest.fixture(scope="module")
def outcomes(fault_stack: Stack, web: PodcastWeb) -> Iterator[dict[str, Outcome]]:
    """Every case published, looked up at once, and followed to its end."""
    tag = f"upstream-{time.time_ns()}"
    faults = {name: setup(web, f"{tag}-{name}") for name, (setup, *_) in CASES.items()}
    with ThreadPoolExecutor(max_workers=len(faults)) as pool:
        futures = {name: pool.submit(_run, fault_stack.base, fault) for name, fault in faults.items()}
        yield {name: future.result() for name, future in futures.items()}


@pytest.mark.parametrize("case", list(CASES))
def test_upstream_fault_fails_typed_fast_and_caches_nothing(
    case: str, outcomes: dict[str, Outcome], fault_stack: Stack, redis_url: str
) -> None:
    _, code, says, bound = CASES[case]
    outcome = outcomes[case]
    assert outcome.state["status"] == "failed", outcome.state
    error = outcome.state["error"]
    assert error["code"] == code, error
    assert says in error["message"] and error["message"], error
    assert outcome.seconds < bound, (case, outcome.seconds)
    r = redis.Redis.from_url(redis_url)
    assert cache_traces(r, outcome.fault.episode_id, outcome.fault.aliases) == []


def test_feed_changed_between_reads(
    fault_client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str
) -> None:
    """The publisher withdraws an episode between two reads of its feed: the later lookup fails as
    ``episode_not_found`` although its page still links the feed, and the feed cache follows the change."""
    feed_path = f"/{slug}/feed.xml"
    feed_url, items, urls = web.url(feed_path), [], []
    for n in (1, 2):
        page, audio = web.url(f"/{slug}/episodes/{n}"), web.url(f"/{slug}/audio/{n}.mp3")
        transcript = web.add(f"/{slug}/transcripts/{n}.vtt", TWO_SPEAKER_VTT, "text/vtt")
        title = f"Part {n} of {slug}"
        items.append(item_xml(title=title, guid=f"{slug}-{n}", link=page, audio=audio, transcript=transcript))
        web.add(f"/{slug}/episodes/{n}", episode_page(title, feed_url, audio))
        urls.append((page, audio))
    versions = [feed_xml(slug, web.url(f"/{slug}"), items), feed_xml(slug, web.url(f"/{slug}"), items[:1])]
    asked: list[str | None] = []

    def feed(req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        version = min(len(asked), 1)  # the first read lists both episodes, every later one only the first
        etag = f'"v{version + 1}"'
        asked.append(req.headers.get("if-none-match"))
        if asked[-1] == etag:
            return 304, {"etag": etag}, b""
        return 200, {"content-type": "application/rss+xml", "etag": etag}, versions[version].encode()

    web.routes[feed_path] = Route(handler=feed)
    first = fault_client.post("/v1/lookups", json={"url": urls[0][0]}).json()
    assert wait_done(fault_client, first["id"])["status"] == "done"
    started = time.monotonic()
    second = fault_client.post("/v1/lookups", json={"url": urls[1][0]}).json()
    state = wait_done(fault_client, second["id"])
    assert state["status"] == "failed" and state["error"]["code"] == "episode_not_found", state
    assert time.monotonic() - started < FAST_BOUND
    assert asked == [None, '"v1"']  # the second read was a conditional one, answered with the new feed
    r = redis.Redis.from_url(redis_url)
    cached_feed = r.hgetall(keys.feed_cache(feed_url))
    assert cached_feed[b"etag"] == b'"v2"' and f"{slug}-2".encode() not in cached_feed[b"body"]
    withdrawn = feed_episode_id(feed_url, f"{slug}-2")
    assert cache_traces(r, withdrawn, url_aliases(*urls[1])) == []
