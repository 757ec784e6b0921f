"""Worker metrics and the per-job context: jobs by outcome, time per stage, speech-to-text speed.

Every job function is wrapped by :func:`instrument`, which binds the request id the API passed along (so
every log line of the job carries it), times the job and counts how it ended. Stage timings come from
:class:`workers.progress.Tracker`. The numbers are served on ``PODGIST_WORKER_METRICS_PORT`` (0 = off).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any

from arq.typing import WorkerCoroutine
from prometheus_client import Counter, Histogram, start_http_server

from podgist.logs import bind_trace, clean_traceparent, unbind_trace

log = logging.getLogger("podgist.worker")

JOBS = Counter(
    "podgist_jobs_total",
    "Jobs run by this worker, by function and outcome "
    "(done, failed, superseded, handed_off, cancelled, crashed).",
    ["function", "outcome"],
)
JOB_SECONDS = Histogram(
    "podgist_job_duration_seconds",
    "Wall time of one job run, by function and outcome.",
    ["function", "outcome"],
    buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600, 7200),
)
STAGE_SECONDS = Histogram(
    "podgist_job_stage_seconds",
    "Time a lookup spent in one stage (status, and its step where one is named) during a job run.",
    ["stage", "step"],
    buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 900, 1800, 3600),
)
ASR_REAL_TIME_FACTOR = Histogram(
    "podgist_asr_real_time_factor",
    "Seconds spent transcribing per second of audio (below 1 is faster than real time).",
    buckets=(0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 5),
)
ASR_AUDIO_SECONDS = Counter("podgist_asr_audio_seconds_total", "Seconds of audio transcribed.")

# What a job's return value (the lookup's status at the end of the run) says about how it ended.
_OUTCOMES = {"done": "done", "failed": "failed", "superseded": "superseded"}

JobFunction = Callable[..., Awaitable[str]]


def instrument(function: JobFunction, name: str) -> WorkerCoroutine:
    """Wrap an arq job: bind its request id and trace (passed as ``request_id``/``traceparent`` keyword
    arguments, which the job itself never sees), then count and time the run by outcome."""

    @functools.wraps(function)
    async def run(ctx: dict[Any, Any], *args: Any, **kwargs: Any) -> str:
        request_id = kwargs.pop("request_id", None)
        traceparent = clean_traceparent(kwargs.pop("traceparent", None))
        tokens = bind_trace(request_id if isinstance(request_id, str) else None, traceparent)
        started = time.monotonic()
        outcome = "crashed"
        try:
            status = await function(ctx, *args, **kwargs)
            # any other status means the lookup goes on elsewhere (speech-to-text queue, a deferred wait)
            outcome = _OUTCOMES.get(status, "handed_off")
            return status
        except asyncio.CancelledError:
            outcome = "cancelled"  # shutdown or timeout: arq puts the job back for another run
            raise
        finally:
            elapsed = time.monotonic() - started
            JOBS.labels(name, outcome).inc()
            JOB_SECONDS.labels(name, outcome).observe(elapsed)
            log.info(
                "job finished",
                extra={"function": name, "outcome": outcome, "duration": round(elapsed, 3)},
            )
            unbind_trace(tokens)

    return run


def observe_stage(lookup_id: str, stage: str, step: str | None, seconds: float) -> None:
    """One stage of a lookup is over: a histogram sample and one log line."""
    STAGE_SECONDS.labels(stage, step or "").observe(seconds)
    log.info(
        "stage finished",
        extra={"lookup": lookup_id, "stage": stage, "step": step, "duration": round(seconds, 3)},
    )


def observe_asr(audio_seconds: float, transcribe_seconds: float) -> None:
    """Speech-to-text speed of one run (time inside the transcribing step over the audio's length)."""
    if audio_seconds <= 0 or transcribe_seconds <= 0:
        return
    ASR_AUDIO_SECONDS.inc(audio_seconds)
    ASR_REAL_TIME_FACTOR.observe(transcribe_seconds / audio_seconds)


def serve_metrics(port: int, host: str = "0.0.0.0") -> bool:
    """Start the ``/metrics`` HTTP server in a daemon thread; ``port`` 0 means off. A busy port (two
    workers on one machine with the same setting) is logged and skipped rather than stopping the worker."""
    if port <= 0:
        return False
    try:
        start_http_server(port, addr=host)
    except OSError as exc:
        log.warning("worker metrics port unavailable", extra={"port": port, "error": str(exc)})
        return False
    log.info("worker metrics served", extra={"port": port})
    return True
