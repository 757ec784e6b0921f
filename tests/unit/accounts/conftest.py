"""A real Redis client per test (the session's embedded Valkey or PODGIST_TEST_REDIS_URL)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from redis.asyncio import Redis


@pytest.fixture
async def r(redis_url: str) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_url, max_connections=512)
    yield client
    await client.aclose()
