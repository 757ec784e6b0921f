"""Fixed-window request limits: in Redis, shared by every API process (API keys, the demo key), or
counted in one process (the free, keyless endpoints).

One Redis counter per (bucket, minute): ``INCR`` and a first-time ``EXPIRE`` in one MULTI. Fixed windows
allow up to twice the rate across a window edge; that is acceptable for abuse control and costs a
single round trip, where a sliding log would cost a sorted-set write per request.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

from redis.asyncio import Redis

from podgist import keys
from podgist.errors import RateLimited


class RateLimiter:
    """``hit(bucket, per_minute)`` counts a request and raises :class:`RateLimited` past the limit."""

    def __init__(self, redis: Redis, *, window: int = 60, clock: Callable[[], float] = time.time) -> None:
        self.redis = redis
        self.window = window
        self.clock = clock

    async def hit(self, bucket: str, limit: int) -> int:
        """Count one request in ``bucket``; returns the requests left in this window.

        A limit of 0 or less means unlimited (and nothing is counted).
        """
        if limit <= 0:
            return -1
        now = self.clock()
        index = int(now // self.window)
        key = keys.rate(bucket, index)
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incr(key)
            pipe.expire(key, self.window + 1, nx=True)
            count, _ = await pipe.execute()
        if int(count) > limit:
            retry_after = max(1, math.ceil((index + 1) * self.window - now))
            raise RateLimited(
                f"More than {limit} requests a minute; retry in {retry_after} s.", retry_after=retry_after
            )
        return limit - int(count)


class LocalRateLimiter:
    """The same fixed-window limit, counted in this process only: no Redis round trip per request.

    Used for the keyless endpoints, whose cached answers are cheaper than a shared count would be; with
    N API processes a client may make up to N times the limit, which is fine for abuse control."""

    def __init__(self, *, window: int = 60, clock: Callable[[], float] = time.time) -> None:
        self.window = window
        self.clock = clock
        self._index = -1
        self._counts: dict[str, int] = {}

    def hit(self, bucket: str, limit: int) -> int:
        """Count one request in ``bucket``; returns the requests left, -1 when unlimited (``limit`` ≤ 0)."""
        if limit <= 0:
            return -1
        now = self.clock()
        index = int(now // self.window)
        if index != self._index:  # a new window: every old count is void, and the memory goes with them
            self._index, self._counts = index, {}
        count = self._counts.get(bucket, 0) + 1
        self._counts[bucket] = count
        if count > limit:
            retry_after = max(1, math.ceil((index + 1) * self.window - now))
            raise RateLimited(
                f"More than {limit} requests a minute; retry in {retry_after} s.", retry_after=retry_after
            )
        return limit - count
