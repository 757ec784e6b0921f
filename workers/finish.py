"""The last stages every job shares: analyze, cache atomically, report; and failure reporting."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import msgspec

from podgist.errors import PodgistError
from podgist.models import Episode, ErrorBody
from podgist.pipeline import analyze
from workers.deps import Deps
from workers.metrics import observe_asr
from workers.progress import Tracker

log = logging.getLogger("podgist.worker")
INTERNAL = ErrorBody(code="internal_error", message="Something went wrong on our side; try again later.")


async def finish_episode(deps: Deps, tracker: Tracker, episode: Episode, aliases: list[str]) -> None:
    """Compute insights, write the episode and its aliases in one transaction, mark the lookup done."""
    await tracker.move("analyzing", 0.85)
    if episode.transcript.source == "asr" and episode.duration:
        # Only this run's transcribing time: a run that resumed after finished chunks reads as faster.
        observe_asr(episode.duration, tracker.seconds.get(("transcribing", "transcribing audio"), 0.0))
    insights, tag = await analyze(episode, deps.settings, deps.llm_http)
    episode = msgspec.structs.replace(episode, insights=insights)
    await deps.store.save_episode(episode, aliases, tag)
    await tracker.done(episode.id)


@asynccontextmanager
async def report_failures(tracker: Tracker) -> AsyncIterator[None]:
    """Typed errors fail the lookup with their code; anything else fails it as ``internal_error``.
    Cancellation (shutdown, timeout) propagates so arq can retry the job."""
    try:
        yield
    except PodgistError as exc:
        log.info(
            "lookup failed", extra={"lookup": tracker.lookup.id, "code": exc.code, "reason": exc.message}
        )
        await tracker.fail(exc.body())
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("lookup crashed", extra={"lookup": tracker.lookup.id})
        await tracker.fail(INTERNAL)
