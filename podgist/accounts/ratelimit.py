"""A fixed-window request limit in Redis, shared by every API process.

One counter per (bucket, minute): ``INCR`` and a first-time ``EXPIRE`` in one MULTI. Fixed windows
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
