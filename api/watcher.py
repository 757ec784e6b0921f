"""Wakes waiting ``?wait=`` requests when their lookup changes, through one shared pub/sub connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis
from redis.exceptions import RedisError

from podgist import keys
from podgist.models import TERMINAL_STATUSES, Lookup

log = logging.getLogger("podgist.api")


class LookupWatcher:
    """One pattern subscription per API process; waiters re-check the lookup themselves, so a missed
    message (Redis restart) only costs a short delay, never a wrong answer."""

    def __init__(self, redis: Redis) -> None:
        self._redis = redis
        self._waiters: dict[str, set[asyncio.Event]] = {}
        self._task: asyncio.Task[None] | None = None
        self.draining = False

    def drain(self) -> None:
        """The server is stopping: wake every held ``?wait=`` so it answers now with the current state."""
        self.draining = True
        for events in self._waiters.values():
            for event in events:
                event.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._listen(), name="lookup-watcher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def wait(self, lookup_id: str, timeout: float) -> None:
        """Return when the lookup is announced as changed, or after ``timeout`` seconds."""
        event = asyncio.Event()
        self._waiters.setdefault(lookup_id, set()).add(event)
        try:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), timeout)
        finally:
            waiters = self._waiters.get(lookup_id)
            if waiters is not None:
                waiters.discard(event)
                if not waiters:
                    del self._waiters[lookup_id]

    async def _listen(self) -> None:
        prefix = keys.lookup_events("")
        while True:
            try:
                async with self._redis.pubsub() as pubsub:
                    await pubsub.psubscribe(keys.LOOKUP_EVENTS_PATTERN)
                    while True:
                        message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0)
                        if message and message.get("type") == "pmessage":
                            self._wake(message["channel"].decode()[len(prefix) :])
            except (RedisError, OSError) as exc:
                log.warning("lookup watcher lost redis; retrying", extra={"error": str(exc)})
                await asyncio.sleep(0.5)

    def _wake(self, lookup_id: str) -> None:
        for event in self._waiters.get(lookup_id, ()):
            event.set()


async def wait_for_change(
    watcher: LookupWatcher,
    fetch: Callable[[], Awaitable[Lookup | None]],
    first: Lookup,
    wait: float,
    since: float | None = None,
) -> Lookup:
    """Hold until ``first`` changes state or progress, or ``wait`` seconds pass; return the latest state.

    ``since`` is the ``updatedAt`` the client last saw: a state newer than that is news already, so it is
    answered at once instead of being held until the next change (which would hide short stages).
    """
    if first.status in TERMINAL_STATUSES or wait <= 0:
        return first
    if since is not None and first.updated_at > since:
        return first
    loop = asyncio.get_running_loop()
    deadline = loop.time() + wait
    latest = first
    while (remaining := deadline - loop.time()) > 0 and not watcher.draining:
        await watcher.wait(first.id, min(remaining, 1.0))
        latest = await fetch() or latest
        if watcher.draining or (latest.status, latest.progress, latest.generation) != (
            first.status,
            first.progress,
            first.generation,
        ):
            break
    return latest
