"""One episode, however it is reached: Apple, Spotify, show page, Overcast / Pocket Casts / Castro pages,
feed + guid and audio + feed all resolve (against stand-in upstreams) to the same episode id; then, through
the running API, a second platform's lookup is answered from the first one's cache, and broken upstreams
fail with typed codes and cache nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx
import pytest
import redis
from redis.asyncio import Redis

from podgist import keys
from podgist.errors import EpisodeNotFound, FeedInvalid, NoPublicFeed
from podgist.models import LookupRequest
from podgist.sources import resolve
from tests.corpus import corpus_path
from tests.episodes import feed_xml, item_xml, publish
from tests.flow import episodes_mentioning, wait_done
from tests.podcastweb import PodcastWeb, Route
from tests.unit.sources.hostedpages import Everywhere
from tests.upstreams import Upstreams, base62, source_context

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<rss><channel><title>&lol3;</title><item><title>x</title><guid>g</guid></item></channel></rss>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<rss><channel><title>&xxe;</title><item><title>x</title><guid>g</guid></item></channel></rss>"""


@pytest.fixture
async def aredis(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url)
    yield client
    await client.aclose()


async def test_every_route_reaches_the_same_episode(web: PodcastWeb, slug: str) -> None:
    world = Everywhere(web, slug)
    async with source_context(web) as ctx:
        resolved = {name: await resolve(req, ctx) for name, req in world.requests().items()}
    ids = {name: r.episode_id for name, r in resolved.items()}
    assert len(set(ids.values())) == 1, ids
    assert {r.guid for r in resolved.values()} == {world.ep.guid}
    assert resolved["apple"].apple_id == resolved["apple-id"].apple_id == world.apple_id
    assert resolved["spotify"].title == world.ep.title and resolved["spotify"].show == world.show


async def test_apple_without_guid_matches_by_audio(web: PodcastWeb, slug: str) -> None:
    world = Everywhere(web, slug)
    Upstreams.on(web).add_episode(world.show_id, world.apple_id, world.ep, guid=False)
    async with source_context(web) as ctx:
        by_apple = await resolve(LookupRequest(url=world.apple_url), ctx)
        by_page = await resolve(LookupRequest(url=world.ep.page_url), ctx)
    assert by_apple.episode_id == by_page.episode_id


async def test_apple_show_link_names_the_newest_episode_without_aliasing_it(
    web: PodcastWeb, slug: str
) -> None:
    world = Everywhere(web, slug)
    async with source_context(web) as ctx:
        resolved = await resolve(
            LookupRequest(url=f"https://podcasts.apple.com/us/podcast/x/id{world.show_id}"), ctx
        )
    assert resolved.guid == world.ep.guid and resolved.request_alias_stable is False


async def test_spotify_exclusive_has_no_public_feed(web: PodcastWeb, slug: str) -> None:
    spotify_id = base62(slug + "exclusive")
    Upstreams.on(web).add_spotify(spotify_id, show=f"Exclusive {slug}", title="Only here")
    async with source_context(web) as ctx:
        with pytest.raises(NoPublicFeed) as caught:
            await resolve(LookupRequest(url=f"https://open.spotify.com/episode/{spotify_id}"), ctx)
    assert caught.value.code == "no_public_feed"


async def test_spotify_episode_missing_from_the_public_feed(web: PodcastWeb, slug: str) -> None:
    world = Everywhere(web, slug)
    other = base62(slug + "other")
    Upstreams.on(web).add_spotify(other, show=world.show, title="A Spotify-only bonus", duration_ms=999_000)
    async with source_context(web) as ctx:
        with pytest.raises(EpisodeNotFound):
            await resolve(LookupRequest(url=f"https://open.spotify.com/episode/{other}"), ctx)


@pytest.mark.corpus
async def test_publisher_chapters_are_read(web: PodcastWeb, slug: str) -> None:
    chapters = web.add(
        f"/{slug}/chapters.json", corpus_path("chapters", "example.json").read_bytes(), "application/json"
    )
    item = item_xml(
        title="Ch",
        guid=f"{slug}-ch",
        link=web.url(f"/{slug}/ch"),
        audio=web.url(f"/{slug}/ch.mp3"),
        transcript=None,
    )
    item = item.replace(
        "</item>", f'<podcast:chapters url="{chapters}" type="application/json+chapters"/></item>'
    )
    feed = web.add(f"/{slug}/ch.xml", feed_xml(slug, web.url(f"/{slug}"), [item]), "application/rss+xml")
    async with source_context(web) as ctx:
        resolved = await resolve(LookupRequest(url=feed, guid=f"{slug}-ch"), ctx)
    assert [c.title for c in resolved.chapters[:3]] == ["Intro", "Hearing Aids", "Progress Report"]
    assert resolved.chapters[0].end == 168 and resolved.chapters[-1].end is None
    assert resolved.chapters[1].img == "https://example.com/images/hearing_aids.jpg"
    assert {c.source for c in resolved.chapters} == {"publisher"}


def _conditional(body: bytes, etag: str, counter: list[int]) -> Route:
    def answer(req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        if req.headers.get("if-none-match") == etag:
            return 304, {"etag": etag}, b""
        counter.append(1)
        return 200, {"content-type": "application/rss+xml", "etag": etag}, body

    return Route(handler=answer)


async def test_feeds_are_reread_conditionally(web: PodcastWeb, slug: str, aredis: Redis) -> None:
    ep = publish(web, slug)
    full_bodies: list[int] = []
    body = web.routes[ep.paths["feed"]].body
    web.routes[ep.paths["feed"]] = _conditional(body, f'"{slug}"', full_bodies)
    async with source_context(web, redis=aredis) as ctx:
        first = await resolve(LookupRequest(url=ep.page_url), ctx)
        second = await resolve(LookupRequest(url=ep.page_url), ctx)
    assert first.episode_id == second.episode_id and second.title == ep.title
    assert len(full_bodies) == 1  # the second read was a 304
    assert await aredis.hget(keys.feed_cache(ep.feed_url), "etag") == f'"{slug}"'.encode()


@pytest.mark.parametrize("bomb", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
async def test_xml_bombs_are_refused_and_nothing_is_cached(
    web: PodcastWeb, slug: str, aredis: Redis, bomb: bytes
) -> None:
    feed = web.add(f"/{slug}/bomb.xml", bomb, "application/rss+xml", headers={"etag": '"bomb"'})
    page = web.add(f"/{slug}/bomb-page", f'<link rel="alternate" type="application/rss+xml" href="{feed}">')
    async with source_context(web, redis=aredis) as ctx:
        for request in (LookupRequest(url=feed), LookupRequest(url=page)):
            with pytest.raises(FeedInvalid):
                await resolve(request, ctx)
    assert not await aredis.exists(keys.feed_cache(feed))


# --- through the running API and worker -----------------------------------------------------------------
def _lookup(client: httpx.Client, body: dict[str, object]) -> tuple[int, dict[str, Any]]:
    """POST a lookup; follow it to its end when it was queued. Returns (first status, final body)."""
    first = client.post("/v1/lookups", json=body)
    if first.status_code != 202:
        return first.status_code, first.json()
    return 202, wait_done(client, first.json()["id"])


def test_second_platform_is_answered_from_the_first_ones_cache(
    client: httpx.Client, web: PodcastWeb, slug: str
) -> None:
    world = Everywhere(web, slug)
    transcript = world.ep.paths["transcript"]
    status, apple = _lookup(client, {"url": world.apple_url})
    assert (status, apple["status"]) == (202, "done"), apple
    episode_id = apple["episodeId"]
    assert web.hits[transcript] == 1
    episode = client.get(f"/v1/episodes/{episode_id}").json()
    assert episode["appleId"] == world.apple_id and episode["guid"] == world.ep.guid

    page = client.post("/v1/lookups", json={"url": world.ep.page_url + "?utm_source=share"})
    assert page.status_code == 200 and page.json()["id"] == episode_id  # an alias the Apple lookup wrote

    _, spotify = _lookup(client, {"url": world.spotify_url})
    assert spotify["status"] == "done" and spotify["episodeId"] == episode_id
    again = client.post(
        "/v1/lookups", json={"url": f"https://open.spotify.com/intl-fr/episode/{world.spotify_id}"}
    )
    assert again.status_code == 200 and again.json()["id"] == episode_id
    assert web.hits[transcript] == 1  # never fetched twice


def test_two_platforms_at_once_build_the_episode_once(
    client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str
) -> None:
    world = Everywhere(web, slug)
    transcript = world.ep.paths["transcript"]
    web.routes[transcript].delay = 1.5  # the first lookup is still building when the second resolves
    first = client.post("/v1/lookups", json={"url": world.ep.page_url}).json()
    second = client.post("/v1/lookups", json={"url": world.apple_url}).json()
    assert first["id"] != second["id"]  # two URLs, not yet known to be one episode
    done = [wait_done(client, lookup["id"]) for lookup in (first, second)]
    assert [d["status"] for d in done] == ["done", "done"], done
    assert done[0]["episodeId"] == done[1]["episodeId"]
    assert web.hits[transcript] == 1
    # the one that lost the race for the build waited in deferred jobs, each noted so it is not taken
    # for a stuck lookup
    r = redis.Redis.from_url(redis_url)
    noted = {lookup["id"]: r.get(keys.lookup_job(lookup["id"])) for lookup in (first, second)}
    waits = [i for i, job in noted.items() if job and job.startswith(f"0|{i}:0:wait:".encode())]
    assert len(waits) == 1 and sum(job is not None for job in noted.values()) == 1, noted


def test_youtube_lookup_with_uploaded_captions_is_cached_for_every_spelling(
    client: httpx.Client, web: PodcastWeb, slug: str
) -> None:
    video = base62(slug, 11)
    Upstreams.on(web).oembed[video] = {"title": f"Video {slug}", "author_name": "Chan"}
    cues = [
        {"start": i * 3.0, "end": i * 3.0 + 2.5, "text": f"Sentence number {i} about tides."}
        for i in range(6)
    ]
    upload = {"videoId": video, "cues": cues, "language": "en", "kind": "asr"}
    _, done = _lookup(client, {"url": f"https://youtu.be/{video}?t=4", "transcript": upload})
    assert done["status"] == "done", done
    episode = client.get(f"/v1/episodes/{done['episodeId']}").json()
    assert episode["youtubeId"] == video and episode["transcript"]["source"] == "youtube:upload"
    for spelling in (
        f"https://m.youtube.com/watch?v={video}&list=PL1",
        f"https://www.youtube.com/shorts/{video}",
    ):
        cached = client.post("/v1/lookups", json={"url": spelling})
        assert cached.status_code == 200 and cached.json()["id"] == f"yt_{video}"
    assert not [p for p, _ in web.requests if p.startswith(f"/youtube/watch?v={video}")]

    wrong = {"videoId": base62(slug + "x", 11), "cues": cues}
    refused = client.post(
        "/v1/lookups", json={"url": f"https://youtu.be/{base62(slug + 'y', 11)}", "transcript": wrong}
    )
    assert refused.status_code == 422 and refused.json()["code"] == "validation_error"  # refused up front


BROKEN = {
    "feed-500": ("upstream_error", lambda web, slug: web.add(f"/{slug}/f.xml", b"oops", status=500)),
    "feed-loop": (
        "upstream_error",
        lambda web, slug: web.add(
            f"/{slug}/f.xml", b"", status=301, headers={"location": f"/{slug}/f.xml?again"}
        ),
    ),
    "feed-huge": (
        "too_large",
        lambda web, slug: web.add(
            f"/{slug}/f.xml", b"<rss>" + b" " * (21 * 1024 * 1024), "application/rss+xml"
        ),
    ),
    "feed-bomb": (
        "feed_invalid",
        lambda web, slug: web.add(f"/{slug}/f.xml", BILLION_LAUGHS, "application/rss+xml"),
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_upstreams_fail_typed_and_cache_nothing(
    client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str, case: str
) -> None:
    code, serve = BROKEN[case]
    feed = serve(web, slug)
    page = web.add(
        f"/{slug}/episode", f'<link rel="alternate" type="application/rss+xml" href="{feed}"><title>x</title>'
    )
    _, final = _lookup(client, {"url": page})
    assert final["status"] == "failed" and final["error"]["code"] == code, final
    r = redis.Redis.from_url(redis_url)
    assert not episodes_mentioning(r, slug)
    assert not r.exists(keys.feed_cache(feed)) and not r.exists(keys.alias(page))
