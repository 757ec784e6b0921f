"""Feeds read with conditional requests: the last good body is kept in Redis with its ETag and
Last-Modified, so re-reading an unchanged feed costs a 304 and no parsing of a fresh download.

Only a body that parsed as a feed is ever stored: a broken, hostile or oversized answer leaves the cache
as it was. Without Redis (``ctx.redis`` is None) feeds are simply fetched.
"""

from __future__ import annotations

import logging

from redis.exceptions import RedisError

from podgist import keys
from podgist.errors import FeedInvalid
from podgist.sources.base import SourceContext
from podgist.sources.feed import Feed, parse_feed

log = logging.getLogger(__name__)
FEED_CACHE_TTL = 7 * 24 * 3600


async def _cached(ctx: SourceContext, url: str) -> dict[bytes, bytes]:
    if ctx.redis is None:
        return {}
    try:
        stored: dict[bytes, bytes] = await ctx.redis.hgetall(keys.feed_cache(url))  # type: ignore[misc]
        return dict(stored)
    except RedisError:
        log.warning("feed cache unreadable", extra={"url": url})
        return {}


async def _store(ctx: SourceContext, url: str, body: bytes, etag: str | None, modified: str | None) -> None:
    if ctx.redis is None or not (etag or modified):
        return  # nothing to revalidate with: a copy would never be used
    key = keys.feed_cache(url)
    fields = {"body": body, "etag": etag or "", "modified": modified or ""}
    try:
        async with ctx.redis.pipeline(transaction=True) as pipe:
            pipe.delete(key)
            pipe.hset(key, mapping=fields)
            pipe.expire(key, FEED_CACHE_TTL)
            await pipe.execute()
    except RedisError:
        log.warning("feed cache not written", extra={"url": url})


async def load_feed(ctx: SourceContext, feed_url: str) -> Feed:
    """Fetch (conditionally, when a copy is cached) and parse a feed; it must hold at least one item."""
    cached = await _cached(ctx, feed_url)
    fetched = await ctx.fetcher.get(
        feed_url,
        etag=cached.get(b"etag", b"").decode() or None,
        last_modified=cached.get(b"modified", b"").decode() or None,
    )
    if fetched.not_modified and b"body" in cached:
        feed = parse_feed(cached[b"body"], fetched.url)
    else:
        feed = parse_feed(fetched.content, fetched.url)
        await _store(ctx, feed_url, fetched.content, fetched.etag, fetched.last_modified)
    if not feed.items:
        raise FeedInvalid("The feed has no episodes.", detail={"feedUrl": feed_url})
    return feed
