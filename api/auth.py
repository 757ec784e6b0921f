"""API keys at the HTTP edge: a request's key admitted into the ``paid`` and ``account`` dependencies,
the account services in the app's state, and the OpenAPI security schemes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.openapi.spec import Components, SecurityRequirement, SecurityScheme
from redis.asyncio import Redis

from api.watcher import LookupWatcher, wait_for_change
from podgist.accounts import Credits, KeyStore, LocalRateLimiter, RateLimiter, Usage
from podgist.accounts.delivery import Delivery, TranscriptDesk
from podgist.accounts.demo import DemoScope
from podgist.accounts.gate import Gate
from podgist.accounts.keys import Principal
from podgist.accounts.references import parse_reference
from podgist.lookups import LookupService
from podgist.models import Lookup
from podgist.settings import Settings
from podgist.store import Store

SECURITY_SCHEMES = Components(
    security_schemes={
        "apiKey": SecurityScheme(
            type="apiKey",
            name="x-api-key",
            security_scheme_in="header",
            description="Your key (pg_live_…), or the demo key for the demo episodes.",
        ),
        "bearer": SecurityScheme(
            type="http", scheme="bearer", description="The same key as `Authorization: Bearer <key>`."
        ),
    }
)
SECURITY: list[SecurityRequirement] = [{"apiKey": []}, {"bearer": []}]
"""Either scheme will do."""


async def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    """The caller behind the request's key (401 for none/bad/revoked, 429 when too fast)."""
    gate: Gate = request.app.state["gate"]
    return await gate.admit_headers(request.headers)


@dataclass(frozen=True, slots=True)
class PaidCall:
    """The admitted caller of a paid route and the desk that serves them, as one dependency (``paid``):
    two sibling dependencies would be resolved in a task group on every request (see
    ``api.public.PublicServices``)."""

    desk: TranscriptDesk
    principal: Principal

    async def deliver(self, ref_text: str, *, kind: str, wait: float) -> Delivery | Lookup:
        """What the caller asked for (``ref_text``: an id or URL), as :meth:`TranscriptDesk.deliver`."""
        return await self.desk.deliver(self.principal, parse_reference(ref_text), kind=kind, wait=wait)


async def provide_paid_call(request: Request[Any, Any, Any]) -> PaidCall:
    """The ``paid`` dependency: the request's key admitted as by :func:`provide_principal`."""
    return PaidCall(request.app.state["desk"], await provide_principal(request))


@dataclass(frozen=True, slots=True)
class AccountCall:
    """The admitted caller of ``/v1/account`` and what describes their account, as one dependency
    (``account``), for the reason :class:`PaidCall` is one."""

    principal: Principal
    key_store: KeyStore
    credits: Credits
    usage: Usage


async def provide_account_call(request: Request[Any, Any, Any]) -> AccountCall:
    """The ``account`` dependency: the request's key admitted as by :func:`provide_principal`."""
    state = request.app.state
    principal = await provide_principal(request)
    return AccountCall(principal, state["key_store"], state["credits"], state["usage"])


def account_state(
    redis: Redis, store: Store, lookups: LookupService, watcher: LookupWatcher, settings: Settings
) -> dict[str, object]:
    """Keys, credits, limits and the transcript desk, all on the API's one Redis client."""
    key_store, limiter = KeyStore(redis), RateLimiter(redis)

    async def waiter(lookup: Lookup, timeout: float) -> Lookup:
        return await wait_for_change(watcher, lambda: lookups.get(lookup.id), lookup, timeout)

    credits, usage = Credits(redis), Usage(redis)
    desk = TranscriptDesk(
        store=store,
        lookups=lookups,
        credits=credits,
        usage=usage,
        demo=DemoScope(list(settings.demo_episodes), store),
        waiter=waiter,
    )
    gate = Gate(key_store, limiter, settings)
    return {
        "key_store": key_store,
        "limiter": limiter,
        "public_limiter": LocalRateLimiter(),
        "credits": credits,
        "usage": usage,
        "desk": desk,
        "gate": gate,
    }
