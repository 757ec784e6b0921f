"""Liveness and readiness probes."""

from __future__ import annotations

from litestar import get
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_200_OK

from api.errors import errors
from podgist.store import Store


@get("/healthz", tags=["health"], summary="The process is up", status_code=HTTP_200_OK)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@get("/readyz", tags=["health"], summary="Redis answers", responses=errors(503))
async def readyz(store: NamedDependency[Store]) -> dict[str, str]:
    await store.ping()  # a RedisError becomes 503 cache_unavailable in the one error mapping
    return {"status": "ready"}
