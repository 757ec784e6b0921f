"""XML bombs in feeds served by the fixture web, looked up through the real API and worker: entity
expansion (billion laughs, quadratic blow-up), external entities (XXE) and DTD retrieval.

Each feed is reached two ways: as the lookup URL itself, and through an episode page linking it (the
path that keeps a copy of good feeds, so the test also sees that nothing hostile is kept). The lookup
must fail fast with a typed error, fetch nothing the document points at, and cache nothing.
"""

from __future__ import annotations

import time
from typing import cast

import httpx
import pytest
import redis

from podgist import keys
from podgist.models import Lookup, LookupRequest
from podgist.sources import request_alias
from tests.hostile.conftest import settle
from tests.podcastweb import PodcastWeb

pytestmark = pytest.mark.faults

ITEM = (
    "<item><title>{title}</title><guid>{slug}-1</guid>"
    '<enclosure url="{base}/{slug}/a.mp3" type="audio/mpeg" length="1"/></item>'
)
LAUGHS = "".join(
    f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' if i else '<!ENTITY lol0 "lol">'
    for i in range(10)
)
BOMBS = {
    "billion-laughs": (f"<!DOCTYPE rss [{LAUGHS}]>", "&lol9;"),
    "quadratic": (f'<!DOCTYPE rss [<!ENTITY big "{"x" * 50_000}">]>', "&big;" * 2_000),
    "xxe-file": ('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>', "&xxe;"),
    "xxe-http": ('<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{base}/{slug}/secret">]>', "&xxe;"),
    "parameter-entity": ('<!DOCTYPE rss [<!ENTITY % dtd SYSTEM "{base}/{slug}/evil.dtd"> %dtd;]>', "&leak;"),
    "lowercase-entity": ('<!DOCTYPE rss [<!entity x "y">]>', "&x;"),
}


def feed(prolog: str, title: str, base: str, slug: str) -> bytes:
    item = ITEM.format(title=title, base=base, slug=slug)
    head = '<?xml version="1.0" encoding="UTF-8"?>' + prolog.format(base=base, slug=slug)
    return f"{head}<rss version='2.0'><channel><title>Bomb</title>{item}</channel></rss>".encode()


def serve(web: PodcastWeb, slug: str, body: bytes) -> tuple[str, str]:
    """The feed (with an ETag, so a parsed copy would be kept), a page linking it, and the bait files."""
    feed_url = web.add(f"/{slug}/feed.xml", body, "application/rss+xml", headers={"etag": f'"{slug}"'})
    page = f'<html><head><link rel="alternate" type="application/rss+xml" href="{feed_url}"></head></html>'
    page_url = web.add(f"/{slug}/episode", page)
    web.add(f"/{slug}/secret", "LEAKED-SECRET", "text/plain")
    web.add(f"/{slug}/evil.dtd", '<!ENTITY leak "LEAKED-DTD">', "application/xml-dtd")
    return feed_url, page_url


def look_up(client: httpx.Client, url: str) -> tuple[Lookup, float]:
    started = time.monotonic()
    submitted = client.post("/v1/lookups", json={"url": url})
    assert submitted.status_code == 202, submitted.text
    return settle(client, submitted.json()), time.monotonic() - started


def nothing_kept(rdb: redis.Redis, web: PodcastWeb, slug: str, *urls: str) -> None:
    for url in urls:
        assert not rdb.exists(keys.alias(request_alias(LookupRequest(url=url))))
        assert not rdb.exists(keys.feed_cache(url))
    assert web.hits[f"/{slug}/secret"] == 0 and web.hits[f"/{slug}/evil.dtd"] == 0
    for key in rdb.scan_iter(match=keys.episode("*"), count=1000):
        assert b"LEAKED" not in cast(bytes, rdb.hget(key, "json") or b"")


@pytest.mark.parametrize("bomb", sorted(BOMBS))
def test_entity_bombs_are_refused_unexpanded(
    client: httpx.Client, rdb: redis.Redis, web: PodcastWeb, slug: str, bomb: str
) -> None:
    prolog, title = BOMBS[bomb]
    feed_url, page_url = serve(web, slug, feed(prolog, title, web.base, slug))
    for url in (feed_url, page_url):
        final, seconds = look_up(client, url)
        assert final.status == "failed" and final.error is not None, final
        assert final.error.code == "feed_invalid", final.error
        assert "entit" in final.error.message.lower()
        assert seconds < 10, f"{bomb} took {seconds:.1f} s"
    nothing_kept(rdb, web, slug, feed_url, page_url)


def test_an_external_dtd_is_never_fetched(
    client: httpx.Client, rdb: redis.Redis, web: PodcastWeb, slug: str
) -> None:
    """A DOCTYPE naming an external DTD is allowed (feeds carry stray ones) but never loaded, so an entity
    it would define stays undefined and the document is read without it."""
    prolog = '<!DOCTYPE rss SYSTEM "{base}/{slug}/evil.dtd">'
    feed_url, page_url = serve(web, slug, feed(prolog, "Before &leak; after", web.base, slug))
    for url in (feed_url, page_url):
        final, seconds = look_up(client, url)
        # read without the DTD, the feed names no transcript (and the page no item of it): a typed failure
        assert final.status == "failed" and final.error is not None, final
        assert final.error.code in ("no_transcript", "episode_not_found"), final.error
        assert seconds < 10
    nothing_kept(rdb, web, slug, page_url)


def test_an_entity_bomb_in_a_caption_track_is_refused(
    client: httpx.Client, rdb: redis.Redis, web: PodcastWeb, slug: str
) -> None:
    """The transcript a feed links is parsed with the same refusal."""
    track = (
        f'<?xml version="1.0"?><!DOCTYPE t [{LAUGHS}]><transcript><text start="0">&lol9;</text></transcript>'
    )
    track_url = web.add(f"/{slug}/captions.xml", track, "text/xml")
    item = ITEM.format(title="Captions", base=web.base, slug=slug).replace(
        "</item>", f'<podcast:transcript url="{track_url}" type="text/xml"/></item>'
    )
    body = (
        "<rss xmlns:podcast='https://podcastindex.org/namespace/1.0'><channel><title>T</title>"
        f"{item}</channel></rss>"
    )
    feed_url = web.add(f"/{slug}/feed.xml", body, "application/rss+xml")
    final, seconds = look_up(client, feed_url)
    assert final.status == "failed" and final.error is not None, final
    assert final.error.code == "transcript_invalid", final.error
    assert web.hits[f"/{slug}/captions.xml"] >= 1 and seconds < 10
    nothing_kept(rdb, web, slug, feed_url)
