"""The speech-to-text job, on its own queue so a long transcription never blocks other lookups."""

from __future__ import annotations

import asyncio
import logging
import tempfile
import threading
import time
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

import msgspec

from podgist.asr.audio import probe_audio
from podgist.asr.speakers import label_speakers
from podgist.asr.transcribe import estimate_job_timeout, transcribe_file
from podgist.errors import UpstreamTimeout
from podgist.fetch import MB
from podgist.models import Segment, Transcript
from podgist.pipeline import assemble_episode
from podgist.sources.base import Resolved
from workers.attempts import ASR_RUNS, out_of_runs
from workers.deps import Deps
from workers.finish import finish_episode, report_failures
from workers.progress import Tracker

log = logging.getLogger("podgist.worker")
_resolved_decoder = msgspec.json.Decoder(Resolved)
TRANSCRIBING_FROM, TRANSCRIBING_TO = 0.3, 0.8
PROGRESS_EVERY = 1.0  # seconds between progress writes


async def asr_job(
    ctx: dict[str, Any], lookup_id: str, generation: int, resolved_json: bytes, aliases: list[str]
) -> str:
    """Download the audio, transcribe it chunk by chunk (resumable), then analyze and cache the episode."""
    deps: Deps = ctx["deps"]
    resolved = _resolved_decoder.decode(resolved_json)
    episode_id = resolved.episode_id
    ended = await out_of_runs(ctx, deps.store, lookup_id, generation, ASR_RUNS)
    if ended == "failed":  # ours to end: free the episode for other lookups (its chunks stay for a retry)
        await deps.store.release_episode(episode_id, lookup_id)
    if ended is not None:
        return ended
    tracker = await Tracker.claim(deps.store, lookup_id, generation)
    if tracker is None:
        return "superseded"
    try:
        async with report_failures(tracker):
            await deps.store.extend_episode_claim(
                episode_id, lookup_id, int(deps.settings.audio_timeout) + 60
            )
            segments = await _transcribe(deps, tracker, resolved)
            transcript = Transcript(
                source="asr",
                segments=label_speakers(segments, resolved.persons),
                language=deps.settings.language,
            )
            await finish_episode(deps, tracker, assemble_episode(resolved, transcript), aliases)
            await deps.store.drop_asr_chunks(episode_id)
    finally:
        await deps.store.release_episode(episode_id, lookup_id)
    return tracker.lookup.status


async def _transcribe(deps: Deps, tracker: Tracker, resolved: Resolved) -> list[Segment]:
    settings = deps.settings
    with tempfile.TemporaryDirectory(prefix="podgist-asr-") as tmp:
        path = Path(tmp) / "audio"
        await tracker.move("transcribing", TRANSCRIBING_FROM, stage="downloading audio")
        await deps.fetcher.download(
            resolved.audio_url or "",
            path,
            max_bytes=int(settings.max_audio_mb * MB),
            timeout=settings.audio_timeout,
        )
        info = await asyncio.to_thread(probe_audio, path)
        claim_ttl = int(estimate_job_timeout(info.duration, settings)) + 60
        await deps.store.extend_episode_claim(resolved.episode_id, tracker.lookup.id, claim_ttl)
        done = await deps.store.asr_chunks(resolved.episode_id)
        log.info(
            "transcribing",
            extra={"lookup": tracker.lookup.id, "duration": info.duration, "chunks_done": len(done)},
        )
        bridge = _ThreadBridge(asyncio.get_running_loop(), deps, tracker, resolved.episode_id, claim_ttl)
        await tracker.move("transcribing", TRANSCRIBING_FROM, stage="transcribing audio")
        job = asyncio.to_thread(
            transcribe_file,
            path,
            settings,
            done_chunks=done,
            on_chunk=bridge.chunk_done,
            on_progress=bridge.progress,
            language=None,
        )
        try:
            return await asyncio.wait_for(job, estimate_job_timeout(info.duration, settings))
        except TimeoutError as exc:
            bridge.stop.set()
            raise UpstreamTimeout("Transcribing the audio took longer than its time budget.") from exc
        except asyncio.CancelledError:
            bridge.stop.set()  # a cancelled coroutine does not stop its thread; the next callback does
            raise


class _Stopped(Exception):
    """Raised inside the transcription thread to end it once its job is gone."""


class _ThreadBridge:
    """Carries progress and finished chunks from the transcription thread back to the event loop."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, deps: Deps, tracker: Tracker, episode_id: str, claim_ttl: int
    ) -> None:
        self.loop, self.deps, self.tracker = loop, deps, tracker
        self.episode_id, self.claim_ttl = episode_id, claim_ttl
        self.stop = threading.Event()
        self._last = 0.0

    def _run(self, coro: Coroutine[Any, Any, None]) -> None:
        if self.stop.is_set():
            coro.close()
            raise _Stopped("the job was cancelled")
        asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout=30)

    def chunk_done(self, index: int, segments: list[Segment]) -> None:
        # Persisted before the next chunk starts: a restarted job resumes after it.
        self._run(self.deps.store.save_asr_chunk(self.episode_id, index, segments))

    def progress(self, fraction: float) -> None:
        now = time.monotonic()
        if now - self._last < PROGRESS_EVERY and fraction < 1.0:
            return
        self._last = now
        value = TRANSCRIBING_FROM + (TRANSCRIBING_TO - TRANSCRIBING_FROM) * fraction
        self._run(self.tracker.move("transcribing", value, stage="transcribing audio"))
        self._run(
            self.deps.store.extend_episode_claim(self.episode_id, self.tracker.lookup.id, self.claim_ttl)
        )
