"""Counting the asyncio tasks a piece of code starts: a task per request is a cost that hides well."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def tasks_started() -> Iterator[list[Any]]:
    """Record the coroutine of every task the running loop starts inside the block, in order."""
    loop = asyncio.get_running_loop()
    started: list[Any] = []

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        started.append(coro)
        return asyncio.Task(coro, loop=loop, **kwargs)

    loop.set_task_factory(factory)
    try:
        yield started
    finally:
        loop.set_task_factory(None)
