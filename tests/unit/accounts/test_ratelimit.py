"""The fixed-window limiter: N requests a window, then 429 with the seconds left in the window."""

from __future__ import annotations

import uuid

import pytest
from redis.asyncio import Redis

from podgist.accounts.ratelimit import LocalRateLimiter, RateLimiter
from podgist.errors import RateLimited


async def test_limit_then_retry_after_the_window_end(r: Redis) -> None:
    now = [1_000_040.5]  # 20.5 s into the minute window starting at 1_000_020 (16667 * 60)
    limiter = RateLimiter(r, clock=lambda: now[0])
    bucket = f"t:{uuid.uuid4()}"
    assert [await limiter.hit(bucket, 3) for _ in range(3)] == [2, 1, 0]
    with pytest.raises(RateLimited) as err:
        await limiter.hit(bucket, 3)
    assert err.value.retry_after == 40
    assert err.value.detail == {"retryAfter": 40}
    now[0] += 40  # the next window starts afresh
    assert await limiter.hit(bucket, 3) == 2


async def test_buckets_are_independent_and_zero_means_unlimited(r: Redis) -> None:
    limiter = RateLimiter(r)
    a, b = f"a:{uuid.uuid4()}", f"b:{uuid.uuid4()}"
    await limiter.hit(a, 1)
    with pytest.raises(RateLimited):
        await limiter.hit(a, 1)
    assert await limiter.hit(b, 1) == 0
    for _ in range(50):
        assert await limiter.hit(a, 0) == -1


def test_local_limiter_counts_like_the_shared_one_and_forgets_old_windows() -> None:
    now = [1_000_040.5]
    limiter = LocalRateLimiter(clock=lambda: now[0])
    assert [limiter.hit("ip:a", 3) for _ in range(3)] == [2, 1, 0]
    assert limiter.hit("ip:b", 3) == 2  # another client has its own count
    with pytest.raises(RateLimited) as err:
        limiter.hit("ip:a", 3)
    assert err.value.retry_after == 40
    assert limiter.hit("ip:a", 0) == -1  # unlimited is never counted
    now[0] += 40
    assert limiter.hit("ip:a", 3) == 2
    assert len(limiter._counts) == 1  # the last window's clients are gone with it
