"""Per-key usage counters, shown on ``GET /v1/account``: reads by kind, charged, refused and pending."""

from __future__ import annotations

from redis.asyncio import Redis

from podgist import keys

KINDS = ("transcript", "insights", "search")
COUNTERS = (*KINDS, "charged", "repeats", "refused", "pending")


class Usage:
    """Counting is best effort (a lost increment is harmless): it never decides a charge."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis

    async def record(self, key_hash: str, *counters: str) -> None:
        """Add one to each of ``counters`` for the key."""
        if not counters:
            return
        async with self.redis.pipeline(transaction=False) as pipe:
            for name in counters:
                pipe.hincrby(keys.usage(key_hash), name, 1)
            await pipe.execute()

    async def counts(self, key_hash: str) -> dict[str, int]:
        """Every counter (zeros included) for the key."""
        raw: dict[bytes, bytes] = await self.redis.hgetall(keys.usage(key_hash))  # type: ignore[misc]
        found = {k.decode(): int(v) for k, v in raw.items()}
        return {name: found.get(name, 0) for name in COUNTERS}
