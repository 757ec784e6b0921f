"""The API's Redis client, with time limits so a stopped or hung Redis is a fast 503, not a hung request.

The limit is redis-py's ``socket_timeout``: it bounds each wait on the socket, which is where a hung Redis
shows. A limit on each whole command (one ``asyncio.timeout`` around ``execute_command``) was tried: on
Python 3.11 it is ~40 µs cheaper per command, since ``socket_timeout`` wraps every write in
``asyncio.wait_for``, which starts a task. But it also counts the time a request waits for this process's
own event loop, and in a burst of 4,000 paid reads it turned healthy answers into 503s
(``tests/faults/test_credit_race.py``, slow).
"""

from __future__ import annotations

from arq.connections import ArqRedis

from podgist.settings import Settings

COMMAND_TIMEOUT_S = 2.0
"""How long the API waits on Redis's socket (for a reply, say) before the request fails with 503."""

CONNECT_TIMEOUT_S = 1.0


def connect_redis(settings: Settings) -> ArqRedis:
    """The API's Redis client (connections are opened lazily, on first use)."""
    if not settings.redis_url:
        raise ValueError("PODGIST_REDIS_URL is not set")
    redis: ArqRedis = ArqRedis.from_url(
        settings.redis_url,
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        socket_timeout=COMMAND_TIMEOUT_S,
        health_check_interval=10,
        max_connections=256,
    )
    return redis
