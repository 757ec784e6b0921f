"""Cache reads and writes on top of :mod:`podgist.keys`: episodes (atomic), aliases, lookup state."""

from __future__ import annotations

import time
from typing import Any

import msgspec
from cachetools import TTLCache
from redis.asyncio import Redis

from podgist import keys, lua
from podgist.episode_memory import CachedEpisode, EpisodeMemory, episode_stamp
from podgist.models import Episode, ErrorBody, Lookup, Segment, to_json

_lookup_decoder = msgspec.json.Decoder(Lookup)
_episode_decoder = msgspec.json.Decoder(Episode)
_segments_decoder = msgspec.json.Decoder(list[Segment])

ALIAS_MEMORY_S = 30.0
"""How long a process remembers which episode an alias names (hot URLs are looked up again and again)."""
ALIASES_REMEMBERED = 10_000


class Store:
    """All cache access used by the API and the workers."""

    def __init__(
        self, redis: Redis, *, lookup_ttl: int, episode_ttl: int = 0, episode_memory_bytes: int = 0
    ) -> None:
        """``episode_memory_bytes`` > 0 keeps recently read episodes in this process (the API's hot
        reads; see :mod:`podgist.episode_memory`), still checked against Redis on every read."""
        self.redis = redis
        self.lookup_ttl = lookup_ttl
        self.episode_ttl = episode_ttl
        self._cached_by_alias = redis.register_script(lua.CACHED_BY_ALIAS)
        self._create_lookup = redis.register_script(lua.CREATE_LOOKUP)
        self._update_lookup = redis.register_script(lua.UPDATE_LOOKUP)
        self._acquire = redis.register_script(lua.ACQUIRE)
        self._release = redis.register_script(lua.RELEASE)
        self._alias_ids: TTLCache[str, str] = TTLCache(maxsize=ALIASES_REMEMBERED, ttl=ALIAS_MEMORY_S)
        self._episodes = EpisodeMemory(episode_memory_bytes)

    # --- episodes -------------------------------------------------------------------------------------
    async def episode_json(self, episode_id: str) -> bytes | None:
        """The serialized episode exactly as cached (served without re-encoding)."""
        found = await self.read_episode(episode_id)
        return found.json if found else None

    async def episode(self, episode_id: str) -> Episode | None:
        """The cached episode, decoded."""
        raw = await self.episode_json(episode_id)
        return _episode_decoder.decode(raw) if raw else None

    async def episode_tag(self, episode_id: str) -> str | None:
        """The insights engine tag the episode was cached with; None when it is not cached."""
        tag: bytes | None = await self.redis.hget(keys.episode(episode_id), "tag")  # type: ignore[misc]
        return tag.decode() if tag is not None else None

    async def cached_by_alias(self, name: str) -> tuple[str, CachedEpisode] | None:
        """(episode id, the episode with its stamp and tag) for any alias of a cached episode, in one round
        trip.

        Which episode an alias names is remembered for ``ALIAS_MEMORY_S``: then the episode is read as
        by :meth:`episode_json` instead of by the script, which copies the whole episode through Lua
        (about as much Redis time again as the read itself). An alias pointed elsewhere meanwhile is
        followed once that memory expires.
        """
        alias_key = keys.alias(name)
        remembered = self._alias_ids.get(alias_key)
        if remembered is not None:
            found = await self.read_episode(remembered)
            if found is not None:
                return remembered, found
            self._alias_ids.pop(alias_key, None)
        hit: Any = await self._cached_by_alias(keys=[alias_key], args=[keys.episode("")])
        if not hit:
            return None
        ep_id, raw, tag, stamp = hit  # a missing tag or stamp comes back as b''
        episode_id = self._alias_ids[alias_key] = ep_id.decode()
        return episode_id, self._remember(episode_id, raw, tag, stamp)

    async def read_episode(self, episode_id: str) -> CachedEpisode | None:
        """The episode with its stamp and tag: from this process's memory when Redis still holds the same
        stamp, else from Redis (one round trip either way, two when a remembered episode has changed)."""
        key = keys.episode(episode_id)
        known = self._episodes.get(episode_id)
        if known is not None:
            stamp: bytes | None = await self.redis.hget(key, "stamp")  # type: ignore[misc]
            if stamp == known.stamp:
                return known
        raw, tag, stamp = await self.redis.hmget(key, ["json", "tag", "stamp"])  # type: ignore[misc]
        if raw is None:
            self._episodes.forget(episode_id)
            return None
        return self._remember(episode_id, raw, tag or b"", stamp)

    def _remember(self, episode_id: str, raw: bytes, tag: bytes, stamp: bytes | None) -> CachedEpisode:
        found = CachedEpisode(stamp or b"", raw, tag.decode())
        if stamp:  # episodes saved before stamps existed are always read whole
            self._episodes.put(episode_id, found)
        else:
            self._episodes.forget(episode_id)
        return found

    async def alias_target(self, name: str) -> str | None:
        """The episode id an alias points at, if any."""
        value: bytes | None = await self.redis.get(keys.alias(name))
        return value.decode() if value else None

    async def save_episode(self, episode: Episode, aliases: list[str], tag: str) -> bytes:
        """Write the episode and all its aliases in one MULTI: readers see all of it or none of it."""
        raw = to_json(episode)
        ttl = self.episode_ttl or None
        async with self.redis.pipeline(transaction=True) as pipe:
            stamp = episode_stamp(raw, tag)
            pipe.hset(keys.episode(episode.id), mapping={"json": raw, "tag": tag, "stamp": stamp})
            if ttl:
                pipe.expire(keys.episode(episode.id), ttl)
            for name in dict.fromkeys(aliases):
                pipe.set(keys.alias(name), episode.id, ex=ttl)
            await pipe.execute()
        return raw

    async def add_aliases(self, episode_id: str, aliases: list[str]) -> None:
        """Point more names at an existing episode."""
        async with self.redis.pipeline(transaction=True) as pipe:
            for name in dict.fromkeys(aliases):
                pipe.set(keys.alias(name), episode_id, ex=self.episode_ttl or None)
            await pipe.execute()

    # --- lookups --------------------------------------------------------------------------------------
    async def lookup(self, lookup_id: str) -> Lookup | None:
        raw: bytes | None = await self.redis.get(keys.lookup(lookup_id))
        return _lookup_decoder.decode(raw) if raw else None

    async def create_lookup(
        self,
        lookup: Lookup,
        *,
        retry_after: float,
        stale_after: float,
        done_after: float = 0.0,
        tag: str = "",
        queue: keys.QueueKeys = keys.NO_QUEUE,
    ) -> tuple[Lookup, bool]:
        """Create ``lookup`` unless a live one with its id exists; returns (current lookup, created?).

        A failed lookup is replaced after ``retry_after`` seconds, a running one whose worker stopped
        reporting after ``stale_after``; a done one when its episode is gone, or after ``done_after``
        when the episode's insights tag is not ``tag``. A lookup whose job still waits on the queue
        (``queue`` says where it keeps jobs) is joined however long it has waited: its first job while
        it is queued, or the one :meth:`note_lookup_job` names."""
        rules: list[float] = [lookup.updated_at, retry_after, stale_after, self.lookup_ttl, done_after]
        args: list[bytes | str | float] = [to_json(lookup), *rules, tag, keys.episode(""), *queue]
        lookup_keys = [keys.lookup(lookup.id), keys.lookup_job(lookup.id)]
        created, raw = await self._create_lookup(keys=lookup_keys, args=args)
        return _lookup_decoder.decode(raw), bool(created)

    async def note_lookup_job(self, lookup: Lookup, job_id: str) -> None:
        """Record that ``job_id`` now carries ``lookup`` on; call it before queueing the job."""
        await self.redis.set(keys.lookup_job(lookup.id), f"{lookup.generation}|{job_id}", ex=self.lookup_ttl)

    async def update_lookup(
        self,
        lookup: Lookup,
        *,
        status: str,
        progress: float | None = None,
        stage: str | None = None,
        episode_id: str | None = None,
        error: ErrorBody | None = None,
    ) -> Lookup:
        """Move a lookup on (only if this job's generation still owns it) and announce the change."""
        updated = msgspec.structs.replace(
            lookup,
            status=status,
            progress=round(lookup.progress if progress is None else progress, 3),
            stage=stage,
            episode_id=episode_id or lookup.episode_id,
            error=error,
            updated_at=time.time(),
        )
        await self._update_lookup(
            keys=[keys.lookup(lookup.id), keys.lookup_events(lookup.id)],
            args=[to_json(updated), lookup.generation, status],
        )
        return updated

    # --- one builder per episode ------------------------------------------------------------------------
    async def acquire_episode(self, episode_id: str, token: str, ttl: int) -> bool:
        """Claim the right to build ``episode_id`` (or take back a claim left in ``token``'s name by a run
        that died); False when another lookup's job holds it."""
        return bool(await self._acquire(keys=[keys.episode_lock(episode_id)], args=[token, ttl]))

    async def release_episode(self, episode_id: str, token: str) -> None:
        """Give the claim back, only if it is still ours."""
        await self._release(keys=[keys.episode_lock(episode_id)], args=[token])

    async def episode_builder(self, episode_id: str) -> str | None:
        """The claim's token (the building lookup's id) while some job is building the episode."""
        value: bytes | None = await self.redis.get(keys.episode_lock(episode_id))
        return value.decode() if value else None

    async def extend_episode_claim(self, episode_id: str, token: str, ttl: int) -> None:
        """Keep the claim for ``ttl`` more seconds (or take it over on a hand-off within one lookup)."""
        await self.redis.set(keys.episode_lock(episode_id), token, ex=ttl)

    # --- speech-to-text chunks, kept so a restarted job resumes -------------------------------------------
    async def asr_chunks(self, episode_id: str) -> dict[int, list[Segment]]:
        """Finished chunks of an episode's transcription, by chunk index."""
        raw: dict[bytes, bytes] = await self.redis.hgetall(keys.asr_chunk(episode_id))  # type: ignore[misc]
        return {int(k): _segments_decoder.decode(v) for k, v in raw.items()}

    async def save_asr_chunk(self, episode_id: str, index: int, segments: list[Segment]) -> None:
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.asr_chunk(episode_id), str(index), to_json(segments))  # type: ignore[arg-type]
            pipe.expire(keys.asr_chunk(episode_id), 7 * 24 * 3600)
            await pipe.execute()

    async def drop_asr_chunks(self, episode_id: str) -> None:
        await self.redis.delete(keys.asr_chunk(episode_id))

    async def ping(self) -> bool:
        """True when Redis answers."""
        return bool(await self.redis.ping())
