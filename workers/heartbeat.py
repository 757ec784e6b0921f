"""Job heartbeats: a crashed worker's job is picked up by another within seconds, not after its timeout.

arq marks a running job with an "in progress" key that lives for the whole job timeout, so a job whose
worker died (kill -9, lost node) waits that long before any other worker may retry it — hours for a long
transcription. While a job runs we keep that key alive with a short TTL instead; when the worker dies the
key lapses and the job (idempotent, resumable) is retried right away.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from arq.constants import in_progress_key_prefix

HEARTBEAT_TTL_MS = 20_000
HEARTBEAT_EVERY_S = 5.0


async def start_heartbeat(ctx: dict[str, Any]) -> None:
    """arq ``on_job_start`` hook: shorten the job's in-progress mark and keep refreshing it."""
    ctx["heartbeat"] = asyncio.create_task(_beat(ctx["redis"], in_progress_key_prefix + ctx["job_id"]))


async def stop_heartbeat(ctx: dict[str, Any]) -> None:
    """arq ``after_job_end`` hook."""
    task: asyncio.Task[None] | None = ctx.pop("heartbeat", None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def _beat(redis: Any, key: str) -> None:
    while True:
        with contextlib.suppress(Exception):  # a missed beat only shortens the grace period
            await redis.pexpire(key, HEARTBEAT_TTL_MS)
        await asyncio.sleep(HEARTBEAT_EVERY_S)
