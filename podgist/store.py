"""Cache reads and writes on top of :mod:`podgist.keys`: episodes (atomic), aliases, lookup state."""

from __future__ import annotations

import time
from typing import Any

import msgspec
from redis.asyncio import Redis

from podgist import keys
from podgist.models import Episode, ErrorBody, Lookup, Segment, to_json

_lookup_decoder = msgspec.json.Decoder(Lookup)
_episode_decoder = msgspec.json.Decoder(Episode)
_segments_decoder = msgspec.json.Decoder(list[Segment])

# Alias → episode in ONE round trip: the cached path of a lookup is a single Redis call.
_CACHED_BY_ALIAS = """
local id = redis.call('GET', KEYS[1])
if not id then return false end
local found = redis.call('HMGET', ARGV[1] .. id, 'json', 'tag')
if not found[1] then return false end
return {id, found[1], found[2] or ''}
"""

# Create the lookup unless a live one exists. A failed one may be retried after a back-off, a stuck one
# after `stale` seconds, a done one when its episode is gone (evicted) or, after `done_after` seconds, when
# it was analyzed by another engine version (ARGV[7] = the current tag, ARGV[8] = the episode key prefix).
# The episode is checked here and not only by the caller's cache lookup just before: a request that missed
# the cache an instant before the job saved the episode must join the finished lookup, not run it again.
# Returns {created(0/1), json}.
_CREATE_LOOKUP = """
local cur = redis.call('GET', KEYS[1])
local now = tonumber(ARGV[2])
local function rebuild(l, age)
  if type(l['episodeId']) ~= 'string' then return true end
  local tag = redis.call('HGET', ARGV[8] .. l['episodeId'], 'tag')
  if not tag then return true end
  return tag ~= ARGV[7] and age >= tonumber(ARGV[6])
end
if cur then
  local l = cjson.decode(cur)
  local age = now - (l['updatedAt'] or 0)
  local retry = (l['status'] == 'failed' and age >= tonumber(ARGV[3]))
    or (l['status'] == 'done' and rebuild(l, age))
    or (l['status'] ~= 'failed' and l['status'] ~= 'done' and age >= tonumber(ARGV[4]))
  if not retry then return {0, cur} end
  local fresh = cjson.decode(ARGV[1])
  fresh['generation'] = (l['generation'] or 0) + 1
  local out = cjson.encode(fresh)
  redis.call('SET', KEYS[1], out, 'EX', ARGV[5])
  return {1, out}
end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[5])
return {1, ARGV[1]}
"""

# Progress written by a job only while it still owns the lookup (same generation), then announced.
_UPDATE_LOOKUP = """
local cur = redis.call('GET', KEYS[1])
if not cur then return 0 end
local l = cjson.decode(cur)
if (l['generation'] or 0) ~= tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
redis.call('PUBLISH', KEYS[2], ARGV[3])
return 1
"""

# Take the build claim when it is free, or when it is already in this lookup's name: a lookup runs one
# job at a time, so a claim in its name was left by a run that died (kill -9, lost node) and must not
# make the retry wait for itself until the claim expires.
_ACQUIRE = """
local cur = redis.call('GET', KEYS[1])
if cur and cur ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


class Store:
    """All cache access used by the API and the workers."""

    def __init__(self, redis: Redis, *, lookup_ttl: int, episode_ttl: int = 0) -> None:
        self.redis = redis
        self.lookup_ttl = lookup_ttl
        self.episode_ttl = episode_ttl
        self._cached_by_alias = redis.register_script(_CACHED_BY_ALIAS)
        self._create_lookup = redis.register_script(_CREATE_LOOKUP)
        self._update_lookup = redis.register_script(_UPDATE_LOOKUP)
        self._acquire = redis.register_script(_ACQUIRE)
        self._release = redis.register_script(_RELEASE)

    # --- episodes -------------------------------------------------------------------------------------
    async def episode_json(self, episode_id: str) -> bytes | None:
        """The serialized episode exactly as cached (served without re-encoding)."""
        data: bytes | None = await self.redis.hget(keys.episode(episode_id), "json")  # type: ignore[misc]
        return data

    async def episode(self, episode_id: str) -> Episode | None:
        """The cached episode, decoded."""
        raw = await self.episode_json(episode_id)
        return _episode_decoder.decode(raw) if raw else None

    async def episode_tag(self, episode_id: str) -> str | None:
        """The insights engine tag the episode was cached with; None when it is not cached."""
        tag: bytes | None = await self.redis.hget(keys.episode(episode_id), "tag")  # type: ignore[misc]
        return tag.decode() if tag is not None else None

    async def cached_by_alias(self, name: str) -> tuple[str, bytes, str] | None:
        """(episode id, episode JSON, insights tag) for any alias of a cached episode, in one round trip."""
        found: Any = await self._cached_by_alias(keys=[keys.alias(name)], args=[keys.episode("")])
        if not found:
            return None
        ep_id, raw, tag = found
        return ep_id.decode(), raw, tag.decode()

    async def alias_target(self, name: str) -> str | None:
        """The episode id an alias points at, if any."""
        value: bytes | None = await self.redis.get(keys.alias(name))
        return value.decode() if value else None

    async def save_episode(self, episode: Episode, aliases: list[str], tag: str) -> bytes:
        """Write the episode and all its aliases in one MULTI: readers see all of it or none of it."""
        raw = to_json(episode)
        ttl = self.episode_ttl or None
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(keys.episode(episode.id), mapping={"json": raw, "tag": tag})
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
    ) -> tuple[Lookup, bool]:
        """Create ``lookup`` unless a live one with its id exists; returns (current lookup, created?).

        A failed lookup is replaced after ``retry_after`` seconds, a running one whose worker stopped
        reporting after ``stale_after``; a done one when its episode is gone, or after ``done_after``
        when the episode's insights tag is not ``tag``."""
        rules: list[float] = [lookup.updated_at, retry_after, stale_after, self.lookup_ttl, done_after]
        created, raw = await self._create_lookup(
            keys=[keys.lookup(lookup.id)], args=[to_json(lookup), *rules, tag, keys.episode("")]
        )
        return _lookup_decoder.decode(raw), bool(created)

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
