"""The crowd for bench/dedupe.py: hundreds of clients looking one new URL up at once, in two waves timed
against the job through the fixture server, on a bare HTTP/1.1 client.

The first wave is released at once (racing to create the lookup). The second is released when the job asks
the fixture server for the transcript, and the transcript is held until half of that wave has made its cache
check (a Lua script call, counted in Valkey's command statistics), so the job saves the episode and finishes
while the wave is between its cache checks and its creates: the moment a request that just missed the
cache could start a second job.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from http.server import BaseHTTPRequestHandler
from typing import Any, cast

from redis import Redis

from tests.episodes import FixtureEpisode


async def call(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, method: str, path: str, body: bytes = b""
) -> tuple[int, dict[str, Any]]:
    """One HTTP/1.1 request on a kept-alive connection. A bare client on asyncio streams: httpx's pool,
    with hundreds of connections in one process, would be slower than the server it is measuring."""
    head = f"{method} {path} HTTP/1.1\r\nhost: bench\r\ncontent-type: application/json\r\n"
    writer.write(f"{head}content-length: {len(body)}\r\n\r\n".encode() + body)
    await writer.drain()
    status = int((await reader.readline()).split()[1])
    length = 0
    while (line := await reader.readline()) not in (b"\r\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value)
    return status, json.loads(await reader.readexactly(length))


async def burst(
    port: int, url: str, clients: int, near_end: asyncio.Event
) -> tuple[list[int], list[str], list[float], float]:
    """Open every client's connection, then POST in two waves (the second when ``near_end`` is set);
    returns statuses, lookup ids, POST latencies (s) and the time until every client saw its lookup done."""
    start, posted = asyncio.Event(), asyncio.Event()
    answered = [0]
    body = json.dumps({"url": url}).encode()

    async def one(gate: asyncio.Event) -> tuple[int, str, float]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            await start.wait()
            with contextlib.suppress(TimeoutError):  # never hang if the transcript is never asked for
                await asyncio.wait_for(gate.wait(), 10)
            started = time.perf_counter()
            status, state = await call(reader, writer, "POST", "/v1/lookups", body)
            took = time.perf_counter() - started
            answered[0] += 1
            if answered[0] == clients:
                posted.set()
            await posted.wait()  # only POSTs in flight while the waves race the job; then follow
            code = status
            while code == 202 and state["status"] not in ("done", "failed"):
                code, state = await call(reader, writer, "GET", state["statusUrl"] + "?wait=10")
            return status, str(state.get("id", "")) if status == 202 else "cached", took
        finally:
            writer.close()

    # the first half all at once (racing to create the lookup); the second half as soon as the job asks
    # for the transcript (racing the job as it saves the episode and finishes)
    tasks = [asyncio.create_task(one(start if i % 2 == 0 else near_end)) for i in range(clients)]
    await asyncio.sleep(0.5 + clients / 1000)  # every connection open and parked
    started = time.perf_counter()
    start.set()
    results = await asyncio.gather(*tasks)
    all_done = time.perf_counter() - started
    return [r[0] for r in results], [r[1] for r in results], [r[2] for r in results], all_done


async def waves(web: Any, episode: FixtureEpisode, port: int, clients: int, redis_url: str) -> Any:
    """Run the burst; the fixture transcript releases the second wave when the job asks for it, and answers
    once half of that wave has made its cache check. The API's event loop takes each step for every request
    of a wave before the next step, so the job saves the episode while the wave is between its cache checks
    and its creates."""
    loop, near_end = asyncio.get_running_loop(), asyncio.Event()
    route = web.routes[episode.paths["transcript"]]
    redis = Redis.from_url(redis_url)

    def scripts_run() -> int:
        # every lookup POST starts with one script call (the cache check); the held job makes none
        stats = cast(dict[str, Any], redis.info("commandstats"))  # the sync client's typing covers async too
        return int(stats.get("cmdstat_evalsha", {}).get("calls", 0))

    def transcript(_: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        # runs on the fixture server's own thread: the job waits here, the clients go on
        before = scripts_run()
        loop.call_soon_threadsafe(near_end.set)
        deadline = time.monotonic() + 5
        while scripts_run() < before + clients // 4 and time.monotonic() < deadline:
            time.sleep(0.002)
        return 200, {"content-type": route.content_type}, route.body

    route.handler = transcript
    try:
        return await burst(port, episode.page_url, clients, near_end)
    finally:
        redis.close()
