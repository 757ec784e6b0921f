"""arq worker configuration, built from our one Settings object."""

from __future__ import annotations

import logging
from typing import Any

from arq.connections import RedisSettings
from arq.worker import Worker, func

from podgist.settings import Settings
from workers.attempts import ASR_RUNS, LOOKUP_RUNS, arq_max_tries
from workers.deps import Deps
from workers.heartbeat import start_heartbeat, stop_heartbeat
from workers.jobs import lookup_job
from workers.metrics import instrument
from workers.resilient import ResilientWorker

log = logging.getLogger("podgist.worker")


def redis_settings(settings: Settings) -> RedisSettings:
    """arq's connection settings for our Redis URL."""
    if not settings.redis_url:
        raise ValueError("PODGIST_REDIS_URL is not set")
    return RedisSettings.from_dsn(settings.redis_url)


ASR_JOB_TIMEOUT = 12 * 3600  # arq's cap; each ASR job enforces its own budget from the audio's duration


def worker_options(settings: Settings, *, asr: bool = False) -> dict[str, Any]:
    """Keyword arguments for :class:`arq.worker.Worker`: the lookup queue, or with ``asr`` the
    speech-to-text queue (its own workers, so long transcriptions never hold lookup slots)."""

    async def startup(ctx: dict[str, Any]) -> None:
        ctx["deps"] = Deps.create(settings, ctx["redis"])
        log.info("worker started", extra={"queue": settings.queue_name})

    async def shutdown(ctx: dict[str, Any]) -> None:
        deps: Deps | None = ctx.get("deps")
        if deps is not None:
            await deps.aclose()

    if asr:
        from workers.asr import asr_job  # needs the optional speech-to-text extra

        functions = [
            func(instrument(asr_job, "asr"), name="asr", keep_result=0, max_tries=arq_max_tries(ASR_RUNS))
        ]
        queue, max_jobs, timeout = settings.asr_queue_name, settings.asr_concurrency, ASR_JOB_TIMEOUT
    else:
        functions = [
            func(
                instrument(lookup_job, "lookup"),
                name="lookup",
                keep_result=0,
                max_tries=arq_max_tries(LOOKUP_RUNS),
            )
        ]
        queue, max_jobs, timeout = settings.queue_name, settings.worker_concurrency, int(settings.job_timeout)
    return {
        "functions": functions,
        "queue_name": queue,
        "redis_settings": redis_settings(settings),
        "on_startup": startup,
        "on_shutdown": shutdown,
        "on_job_start": start_heartbeat,
        "after_job_end": stop_heartbeat,
        "max_jobs": max_jobs,
        "job_timeout": timeout,
        "poll_delay": settings.poll_delay,
        "keep_result": 0,
        # On SIGTERM, take no new jobs and let running ones finish (bounded) before arq cancels them and
        # puts them back on the queue for another worker; pod grace periods are sized from this.
        "job_completion_wait": min(timeout, settings.worker_shutdown_wait),
    }


def create_worker(settings: Settings, *, asr: bool = False, **overrides: Any) -> Worker:
    """A ready arq Worker for the lookup (or, with ``asr``, the speech-to-text) queue."""
    return ResilientWorker(**{**worker_options(settings, asr=asr), **overrides})
