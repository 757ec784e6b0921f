"""Moves one lookup through its states in Redis; every change is published for waiting clients."""

from __future__ import annotations

import time

from podgist.models import ErrorBody, Lookup, LookupStatus
from podgist.store import Store
from workers.metrics import observe_stage


class Tracker:
    """Holds the job's view of its lookup and writes each step (ignored once a newer run owns it).

    It also clocks the stages of this run: whenever (status, step) changes, the one left is timed."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self.store = store
        self.lookup = lookup
        self.seconds: dict[tuple[str, str | None], float] = {}
        self._stage: tuple[str, str | None] | None = None
        self._since = time.monotonic()
        if lookup.status == "queued":  # the wait for a free worker counts as the first stage
            self._stage = ("queued", None)
            self._since -= max(0.0, time.time() - lookup.updated_at)

    @classmethod
    async def claim(cls, store: Store, lookup_id: str, generation: int) -> Tracker | None:
        """The tracker of a job's lookup, or None when the lookup is gone or a newer run owns it."""
        lookup = await store.lookup(lookup_id)
        if lookup is None or lookup.generation != generation:
            return None
        return cls(store, lookup)

    async def move(self, status: LookupStatus, progress: float, stage: str | None = None) -> None:
        """Enter ``status`` at ``progress`` (0–1); progress never goes backwards."""
        self._enter((status, stage))
        progress = max(progress, self.lookup.progress)
        self.lookup = await self.store.update_lookup(
            self.lookup, status=status, progress=progress, stage=stage
        )

    async def done(self, episode_id: str) -> None:
        self._enter(None)
        self.lookup = await self.store.update_lookup(
            self.lookup, status="done", progress=1.0, episode_id=episode_id
        )

    async def fail(self, error: ErrorBody) -> None:
        self._enter(None)
        self.lookup = await self.store.update_lookup(self.lookup, status="failed", error=error)

    def _enter(self, stage: tuple[str, str | None] | None) -> None:
        # Repeated moves within one step (progress ticks) keep its clock running.
        if stage == self._stage:
            return
        now = time.monotonic()
        if self._stage is not None:
            spent = now - self._since
            self.seconds[self._stage] = self.seconds.get(self._stage, 0.0) + spent
            observe_stage(self.lookup.id, self._stage[0], self._stage[1], spent)
        self._stage, self._since = stage, now
