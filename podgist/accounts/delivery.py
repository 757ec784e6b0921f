"""Delivering an episode to an API-key client: find or look it up, check scope, charge once.

This is the one place where reads are charged; the HTTP routes and the MCP tools both come here.
Order matters for "no credit for work not delivered": the episode is found (and, for insights, the
insights checked) before the charge, and nothing after the charge can fail.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import msgspec

from podgist.accounts.credits import Charge, Credits
from podgist.accounts.demo import DemoScope
from podgist.accounts.keys import Principal
from podgist.accounts.references import Reference, not_found
from podgist.accounts.usage import Usage
from podgist.errors import InsufficientCredits, NotFound, lookup_failure
from podgist.lookups import Cached, LookupService
from podgist.models import TERMINAL_STATUSES, Episode, Lookup
from podgist.store import Store

Waiter = Callable[[Lookup, float], Awaitable[Lookup]]
"""Holds until a lookup changes (or ``timeout`` s pass) and returns its latest state."""

MAX_WAIT = 30.0
_decoder = msgspec.json.Decoder(Episode)


@dataclass(frozen=True)
class Delivery:
    """An episode handed to a caller and what it cost."""

    episode: Episode
    charge: Charge


class TranscriptDesk:
    """Everything between "this key asks for that episode" and "here it is"."""

    def __init__(
        self,
        *,
        store: Store,
        lookups: LookupService,
        credits: Credits,
        usage: Usage,
        demo: DemoScope,
        waiter: Waiter,
    ) -> None:
        self.store = store
        self.lookups = lookups
        self.credits = credits
        self.usage = usage
        self.demo = demo
        self.waiter = waiter

    async def deliver(
        self, who: Principal, ref: Reference, *, kind: str, wait: float = 0
    ) -> Delivery | Lookup:
        """The episode (charged once per key) or, while it is being looked up, the lookup (free).

        ``kind`` is ``transcript``, ``insights`` or ``search``; a lookup that failed raises its error.
        """
        found = await self._cached(ref)
        if who.demo:
            await self.demo.check(ref, found[0] if found else None)
        if found is None:
            result = await self._look_up(ref, min(max(wait, 0.0), MAX_WAIT))
            if isinstance(result, Lookup):
                await self._count(who, "pending")
                return result
            found = result
        episode = _decoder.decode(found[1])
        if kind == "insights" and episode.insights is None:
            raise NotFound("This episode has no insights yet.")
        return Delivery(episode=episode, charge=await self._charge(who, episode.id, kind))

    async def _cached(self, ref: Reference) -> tuple[str, bytes] | None:
        """(episode id, JSON) when cached. Any insights engine tag will do: the transcript is the same."""
        if ref.episode_id:
            raw = await self.store.episode_json(ref.episode_id)
            if raw is not None:
                return ref.episode_id, raw
        if ref.alias:
            hit = await self.store.cached_by_alias(ref.alias)
            if hit is not None:
                return hit[0], hit[1].json
        return None

    async def _look_up(self, ref: Reference, wait: float) -> tuple[str, bytes] | Lookup:
        if ref.request is None:
            raise not_found(ref)
        submitted = await self.lookups.submit(ref.request)
        if isinstance(submitted, Cached):
            return submitted.episode_id, submitted.episode_json
        lookup = await self._follow(submitted, wait)
        if lookup.status == "failed":
            raise lookup_failure(lookup.error)
        if lookup.status == "done" and lookup.episode_id:
            raw = await self.store.episode_json(lookup.episode_id)
            if raw is not None:
                return lookup.episode_id, raw
        return lookup

    async def _follow(self, lookup: Lookup, wait: float) -> Lookup:
        """Wait up to ``wait`` seconds for the lookup to finish."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + wait
        while lookup.status not in TERMINAL_STATUSES and (left := deadline - loop.time()) > 0:
            lookup = await self.waiter(lookup, left)
        return lookup

    async def _charge(self, who: Principal, episode_id: str, kind: str) -> Charge:
        if who.demo:
            return Charge(outcome="demo")
        try:
            charge = await self.credits.charge(who.key_hash, episode_id)
        except InsufficientCredits:
            await self._count(who, "refused")
            raise
        await self._count(who, kind, "charged" if charge.outcome == "charged" else "repeats")
        return charge

    async def _count(self, who: Principal, *counters: str) -> None:
        if not who.demo:
            await self.usage.record(who.key_hash, *counters)
