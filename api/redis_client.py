"""The API's Redis client: every command and pipeline has a time limit, so a hung Redis is a fast 503.

Why not redis-py's ``socket_timeout``: on Python 3.11 it wraps every write in ``asyncio.wait_for``, which
starts a task per command, about a tenth of what a whole cached read costs. One ``asyncio.timeout``
around each command (or pipeline) bounds the same wait, the time Redis takes to answer, for a few
microseconds. Pub/sub connections are not covered: their reads carry their own timeouts.
"""

from __future__ import annotations

import asyncio
from typing import Any

from arq.connections import ArqRedis
from redis.asyncio.client import Pipeline
from redis.exceptions import TimeoutError as RedisTimeout

from podgist.settings import Settings

COMMAND_TIMEOUT_S = 2.0
"""How long one command or pipeline may wait for Redis before the request fails with 503."""

CONNECT_TIMEOUT_S = 1.0


def connect_redis(settings: Settings) -> TimedRedis:
    """The API's Redis client (connections are opened lazily, on first use)."""
    if not settings.redis_url:
        raise ValueError("PODGIST_REDIS_URL is not set")
    redis: TimedRedis = TimedRedis.from_url(
        settings.redis_url,
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        health_check_interval=10,
        max_connections=256,
    )
    return redis


class TimedRedis(ArqRedis):
    """An arq Redis client whose commands and pipelines give up after ``COMMAND_TIMEOUT_S``."""

    async def execute_command(self, *args: Any, **options: Any) -> Any:
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT_S):
                return await super().execute_command(*args, **options)  # type: ignore[no-untyped-call]
        except TimeoutError:
            raise _timed_out(args) from None

    def pipeline(self, transaction: bool = True, shard_hint: str | None = None) -> TimedPipeline:
        return TimedPipeline(self.connection_pool, self.response_callbacks, transaction, shard_hint)


class TimedPipeline(Pipeline):
    """A pipeline whose execution, and whose immediate commands (``WATCH``), give up in time."""

    async def execute(self, raise_on_error: bool = True) -> list[Any]:
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT_S):
                return await super().execute(raise_on_error)
        except TimeoutError:
            raise _timed_out(("pipeline",)) from None

    async def immediate_execute_command(self, *args: Any, **options: Any) -> Any:
        try:
            async with asyncio.timeout(COMMAND_TIMEOUT_S):
                return await super().immediate_execute_command(*args, **options)  # type: ignore[no-untyped-call]
        except TimeoutError:
            raise _timed_out(args) from None


def _timed_out(args: tuple[Any, ...]) -> RedisTimeout:
    name = args[0] if args and isinstance(args[0], str) else "command"
    return RedisTimeout(f"Redis did not answer {name} within {COMMAND_TIMEOUT_S:g} s")
