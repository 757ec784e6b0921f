"""The baseline for bench/cached_lookup: a bare Litestar handler returning the same bytes from one Redis GET.

Run as ``python bench/baseline_app.py PORT REDIS_URL KEY [PROCESSES]``: uvicorn, one process like
``podgist api`` unless PROCESSES says more (the bench's check of what two cores allow at all).
"""

from __future__ import annotations

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from litestar import Litestar, MediaType, Response, get, post
from redis.asyncio import Redis


def make_app(redis_url: str, key: str) -> Litestar:
    state: dict[str, Redis] = {}

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        state["redis"] = Redis.from_url(redis_url)
        yield
        await state["redis"].aclose()

    @get("/episode")
    async def episode() -> Response[bytes]:
        return Response(await state["redis"].get(key) or b"", media_type=MediaType.JSON)

    @post("/lookup", status_code=200)
    async def lookup(data: dict[str, str]) -> Response[bytes]:
        return Response(await state["redis"].get(key) or b"", media_type=MediaType.JSON)

    return Litestar([episode, lookup], lifespan=[lifespan])


def app_from_env() -> Litestar:
    """The app for uvicorn's worker processes, which import it by name and cannot take arguments."""
    return make_app(os.environ["BASELINE_REDIS_URL"], os.environ["BASELINE_KEY"])


if __name__ == "__main__":
    port, redis_url, key = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.environ.update(BASELINE_REDIS_URL=redis_url, BASELINE_KEY=key)
    uvicorn.run(
        "baseline_app:app_from_env",
        factory=True,
        workers=int(sys.argv[4]) if len(sys.argv) > 4 else 1,
        app_dir=os.path.dirname(os.path.abspath(__file__)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )
