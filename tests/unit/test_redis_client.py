"""The API's Redis connection: small commands are written without a timer task, and a hung Redis still
times out, on reads and on writes too large to be taken at once (real Valkey; a silent TCP peer)."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator

import pytest
from redis.asyncio import Redis
from redis.exceptions import TimeoutError as RedisTimeout

from api.redis_client import PromptWriteConnection, connect_redis
from podgist.settings import Settings
from tests.tasks import tasks_started


@pytest.fixture
async def client(redis_url: str) -> AsyncIterator[Redis]:
    redis = connect_redis(Settings(redis_url=redis_url))
    yield redis
    await redis.aclose()


async def test_small_commands_start_no_task_and_large_ones_still_work(client: Redis) -> None:
    assert client.connection_pool.connection_class is PromptWriteConnection
    await client.set("rc:small", b"x")  # connects (the connect itself is timed, with tasks)
    with tasks_started() as started:
        for _ in range(50):
            assert await client.get("rc:small") == b"x"
        assert started == []  # stock redis-py starts one asyncio.wait_for task per command here
        big = b"y" * (1 << 20)  # over the transport's 64 KiB limit: written under the timer, as before
        await client.set("rc:big", big)
        assert len(started) == 1
    assert await client.get("rc:big") == big
    await client.delete("rc:small", "rc:big")


@pytest.fixture
def silent_peer() -> Iterator[int]:
    """A TCP server that accepts connections and never reads or answers: a hung Redis."""
    server = socket.create_server(("127.0.0.1", 0))
    server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # fill up fast
    held: list[socket.socket] = []
    server.settimeout(0.1)
    stop = False

    def accept() -> None:
        while not stop:
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop = True
    thread.join()
    for sock in held:
        sock.close()
    server.close()


@pytest.mark.parametrize("size", [10, 32 << 20], ids=["small-read", "large-write"])
async def test_a_hung_redis_times_out(silent_peer: int, size: int) -> None:
    # no CLIENT SETINFO handshake, so the first thing sent is the command itself
    redis = Redis.from_url(
        f"redis://127.0.0.1:{silent_peer}",
        socket_timeout=0.5,
        connection_class=PromptWriteConnection,
        lib_name=None,
        lib_version=None,
    )
    started = time.monotonic()
    with pytest.raises(RedisTimeout, match="writing" if size > 10 else "reading"):
        # the outer limit only turns a hang (a write with no timer) into a failure here
        await asyncio.wait_for(redis.set("k", b"v" * size), 10)
    assert 0.4 <= time.monotonic() - started < 5
    await redis.aclose()
