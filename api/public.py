"""What the free, keyless endpoints (``/v1/lookups``, ``/v1/episodes``) share: the per-client limit that
guards them and the one dependency their handlers take."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request

from api.encoding import GzipMemory
from api.watcher import LookupWatcher
from podgist.lookups import LookupService
from podgist.store import Store


@dataclass(frozen=True, slots=True)
class PublicServices:
    """The services behind the keyless endpoints, injected as one dependency (``public``).

    One, because Litestar resolves two or more sibling dependencies concurrently in an anyio task group:
    two task spawns per request, about a sixth of a cached read's CPU, on exactly the path that must stay
    cheap (``tests/integration/test_cached_read_cost.py`` keeps them out)."""

    store: Store
    lookups: LookupService
    watcher: LookupWatcher
    gzip_memory: GzipMemory


async def public_rate_limit(request: Request[Any, Any, Any]) -> None:
    """``before_request`` hook of the free, keyless endpoints: ``public_rate_per_minute`` per client IP,
    else 429 (raised before the request's body or parameters are read).

    Counted in this process (``LocalRateLimiter``): these are the hottest, cheapest reads, and a Redis round
    trip would cost more than the answer itself. A hook rather than a route middleware, which would wrap
    each route in one more exception-handling layer (~3 % of a cached read)."""
    state = request.app.state
    client = request.scope.get("client")
    limit: int = state["settings"].public_rate_per_minute
    state["public_limiter"].hit(f"ip:{client[0] if client else 'unknown'}", limit)
