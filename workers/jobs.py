"""The lookup job: resolve → fetch → analyze → cache, reporting progress; hands off to speech-to-text."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import msgspec

from podgist.errors import NoTranscript
from podgist.insights.versions import engine_tag
from podgist.logs import trace_context
from podgist.models import LookupRequest, to_json
from podgist.pipeline import assemble_episode, fetch_publisher_transcript
from podgist.sources import request_alias, resolve
from podgist.sources.base import Resolved
from workers.attempts import LOOKUP_RUNS, out_of_runs
from workers.deps import Deps
from workers.finish import finish_episode, report_failures
from workers.progress import Tracker

log = logging.getLogger("podgist.worker")
_request_decoder = msgspec.json.Decoder(LookupRequest)
_resolved_decoder = msgspec.json.Decoder(Resolved)
WAIT_RETRY_SECONDS = 1.0


async def lookup_job(
    ctx: dict[str, Any],
    lookup_id: str,
    generation: int,
    request_json: bytes,
    resolved_json: bytes | None = None,
) -> str:
    """arq entry point for one lookup. Idempotent: a re-run after a crash redoes the same work."""
    deps: Deps = ctx["deps"]
    if (ended := await out_of_runs(ctx, deps.store, lookup_id, generation, LOOKUP_RUNS)) is not None:
        return ended
    tracker = await Tracker.claim(deps.store, lookup_id, generation)
    if tracker is None:
        return "superseded"
    async with report_failures(tracker):
        request = _request_decoder.decode(request_json)
        if resolved_json is None:
            await tracker.move("resolving", 0.05)
            resolved = await resolve(request, deps.source_context())
            await tracker.move("resolving", 0.2)
        else:
            resolved = _resolved_decoder.decode(resolved_json)
        aliases = _aliases(resolved, request)
        if await _already_cached(deps, resolved.episode_id, aliases):
            await tracker.done(resolved.episode_id)
        elif not await deps.store.acquire_episode(resolved.episode_id, lookup_id, _claim_ttl(deps)):
            await _wait_for_builder(ctx, deps, tracker, resolved, request_json)
        else:
            await _build_claimed(ctx, deps, tracker, resolved, aliases)
    return tracker.lookup.status


async def _build_claimed(
    ctx: dict[str, Any], deps: Deps, tracker: Tracker, resolved: Resolved, aliases: list[str]
) -> None:
    """Build the episode we hold the claim for; the claim goes with the work when it is handed off."""
    handed_off = False
    try:
        if await _already_cached(deps, resolved.episode_id, aliases):
            await tracker.done(resolved.episode_id)
            return
        handed_off = await _build(ctx, deps, tracker, resolved, aliases)
    finally:
        if not handed_off:
            await deps.store.release_episode(resolved.episode_id, tracker.lookup.id)


async def _build(
    ctx: dict[str, Any], deps: Deps, tracker: Tracker, resolved: Resolved, aliases: list[str]
) -> bool:
    """Fetch and analyze; returns True when the work was handed to the speech-to-text queue instead."""
    settings = deps.settings
    episode = await deps.store.episode(resolved.episode_id)
    if episode is None:  # otherwise only its insights are out of date: keep the transcript
        await tracker.move("fetching", 0.3)
        transcript = await fetch_publisher_transcript(resolved, deps.fetcher, settings)
        if transcript is None:
            await _hand_to_asr(ctx, deps, tracker, resolved, aliases)
            return True
        episode = assemble_episode(resolved, transcript)
    await finish_episode(deps, tracker, episode, aliases)
    return False


async def _hand_to_asr(
    ctx: dict[str, Any], deps: Deps, tracker: Tracker, resolved: Resolved, aliases: list[str]
) -> None:
    settings = deps.settings
    if not settings.asr_enabled:
        raise NoTranscript(
            "No transcript is published for this episode, and speech-to-text is disabled on this server."
        )
    if not resolved.audio_url:
        raise NoTranscript("No transcript is published for this episode and it has no audio to transcribe.")
    await tracker.move("transcribing", 0.3, stage="waiting for a speech-to-text worker")
    lookup = tracker.lookup
    job_id = f"asr:{lookup.id}:{lookup.generation}"
    await deps.store.note_lookup_job(lookup, job_id)  # so a long speech-to-text backlog is not "stuck"
    await ctx["redis"].enqueue_job(
        "asr",
        lookup.id,
        lookup.generation,
        to_json(resolved),
        aliases,
        _job_id=job_id,
        _queue_name=settings.asr_queue_name,
        **trace_context(),  # the request id travels on with the work
    )


async def _wait_for_builder(
    ctx: dict[str, Any], deps: Deps, tracker: Tracker, resolved: Resolved, request_json: bytes
) -> None:
    """Another lookup (another URL of this episode) is building it: mirror its progress and check again
    shortly, as a deferred job, so waiting never holds a worker slot."""
    builder = await deps.store.episode_builder(resolved.episode_id)
    state = await deps.store.lookup(builder) if builder else None
    if state is not None and state.status not in ("done", "failed"):
        await tracker.move(state.status, state.progress, stage="shared with another lookup of this episode")
    lookup = tracker.lookup
    job_id = f"{lookup.id}:{lookup.generation}:wait:{uuid.uuid4().hex[:8]}"
    await deps.store.note_lookup_job(lookup, job_id)
    await ctx["redis"].enqueue_job(
        "lookup",
        lookup.id,
        lookup.generation,
        request_json,
        to_json(resolved),
        _job_id=job_id,
        _queue_name=deps.settings.queue_name,
        _defer_by=WAIT_RETRY_SECONDS,
        **trace_context(),
    )


async def _already_cached(deps: Deps, episode_id: str, aliases: list[str]) -> bool:
    """True when the episode is cached with current insights; then only the new aliases are added."""
    tag = await deps.store.episode_tag(episode_id)
    if tag is None or tag != engine_tag(deps.settings):
        return False
    await deps.store.add_aliases(episode_id, aliases)
    return True


def _claim_ttl(deps: Deps) -> int:
    return int(deps.settings.job_timeout) + 30


def _aliases(resolved: Resolved, request: LookupRequest) -> list[str]:
    names = list(resolved.aliases)
    if resolved.request_alias_stable:
        names.append(request_alias(request))
    if resolved.apple_id:
        names.append(f"apple:{resolved.apple_id}")
    if resolved.youtube_id:
        names.append(f"yt:{resolved.youtube_id}")
    return names
