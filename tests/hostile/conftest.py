"""Shared pieces of the hostile-input tests: a Redis client, API keys made by our own KeyStore, and
following a lookup to its end."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import cast

import httpx
import msgspec
import pytest
import redis

from podgist import keys
from podgist.accounts.keys import hash_key
from podgist.models import Lookup

TERMINAL = ("done", "failed")


def credits_of(client: redis.Redis, key: str) -> int:
    stored = cast(bytes | None, client.hget(keys.api_key(hash_key(key)), "credits"))
    return int(stored or 0)


@pytest.fixture(scope="session")
def rdb(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url)
    yield client
    client.close()


def settle(http: httpx.Client, lookup: dict[str, object], timeout: float = 30) -> Lookup:
    """Follow a lookup with ``?wait=`` until it is done or failed."""
    deadline = time.monotonic() + timeout
    current = msgspec.convert(lookup, Lookup)
    while current.status not in TERMINAL:
        assert time.monotonic() < deadline, f"lookup stuck: {current}"
        answer = http.get(current.status_url, params={"wait": 5})
        assert answer.status_code == 200, answer.text
        current = msgspec.json.decode(answer.content, type=Lookup)
    return current
