"""The API's Redis client, with time limits so a stopped or hung Redis is a fast 503, not a hung request.

The limit is redis-py's ``socket_timeout``: it bounds each wait on the socket, which is where a hung Redis
shows. A limit on each whole command (one ``asyncio.timeout`` around ``execute_command``) was tried, but
it also counts the time a request waits for this process's own event loop, and in a burst of 4,000 paid
reads it turned healthy answers into 503s (``tests/faults/test_credit_race.py``, slow).
"""

from __future__ import annotations

from typing import Any

from arq.connections import ArqRedis
from redis.asyncio.connection import Connection

from podgist.settings import Settings

COMMAND_TIMEOUT_S = 2.0
"""How long the API waits on Redis's socket (for a reply, say) before the request fails with 503."""

CONNECT_TIMEOUT_S = 1.0


class PromptWriteConnection(Connection):
    """A connection that writes a command without a timer when the write cannot wait.

    redis-py bounds every write with ``asyncio.wait_for``, which on Python 3.11 starts a task per command:
    about 3 % of the instructions of a cached read. But a command no larger than the transport's buffer
    limit, written while nothing else is buffered, is taken whole (``drain()`` returns at once), so there is
    nothing to time. Larger writes, or writes behind a backlog, keep the timer; reads always do.
    """

    async def send_packed_command(self, command: Any, check_health: bool = True) -> None:
        if not self._written_at_once(command):
            await super().send_packed_command(command, check_health)
            return
        if check_health:
            await self.check_health()  # type: ignore[no-untyped-call]  # its PING and reply keep their limits
        # Nothing below suspends (drain() returns at once), so no other user of this connection, such as
        # a pub/sub reader, can see the limit lifted.
        timeout, self.socket_timeout = self.socket_timeout, None
        try:
            await super().send_packed_command(command, check_health=False)
        finally:
            self.socket_timeout = timeout

    def _written_at_once(self, command: Any) -> bool:
        writer = self._writer
        if writer is None or not isinstance(command, list):
            return False
        transport = writer.transport
        if transport.is_closing() or transport.get_write_buffer_size():
            return False
        return sum(map(len, command)) <= transport.get_write_buffer_limits()[1]


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
        connection_class=PromptWriteConnection,  # rediss:// and unix:// URLs choose their own class
    )
    return redis
