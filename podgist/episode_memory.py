"""A process's memory of the episodes it served last, checked against Redis on every read.

An hour of talk serializes to ~200 KB. Moving that out of Redis for every read of a popular episode was
most of Redis's work for the read (a copy into its reply) and about a quarter of the API's (socket reads
and a parse), in ``bench/cached_lookup.py``. So each cached episode carries a ``stamp``, a digest of
what was written, and a reader that remembers the episode asks Redis for that stamp alone. A matching
stamp means the remembered bytes are what Redis holds now; anything else (another stamp, none, an
evicted episode) sends the reader back to Redis for the whole episode. Nothing is served that Redis no
longer holds.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from cachetools import LRUCache

ENTRY_OVERHEAD_BYTES = 256
"""What an entry costs beyond its bytes (the tuple, the key, the cache's bookkeeping), roughly."""


class CachedEpisode(NamedTuple):
    """One episode as read from Redis: its stamp (empty on episodes saved before stamps), JSON and tag."""

    stamp: bytes
    json: bytes
    tag: str


def episode_stamp(raw: bytes, tag: str) -> bytes:
    """The stamp saved with an episode: it changes whenever its JSON or its insights tag does."""
    digest = hashlib.blake2b(raw, digest_size=12, person=b"podgist-ep")
    digest.update(tag.encode())
    return digest.hexdigest().encode()


def _size(entry: CachedEpisode) -> int:
    return len(entry.json) + len(entry.stamp) + len(entry.tag) + ENTRY_OVERHEAD_BYTES


class EpisodeMemory:
    """Least recently used episodes, up to ``max_bytes`` in all (0 remembers nothing)."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max(0, max_bytes)
        self._entries: LRUCache[str, CachedEpisode] = LRUCache(max(1, self.max_bytes), getsizeof=_size)

    def get(self, episode_id: str) -> CachedEpisode | None:
        """The remembered episode, or None; the caller checks its stamp against Redis before use."""
        return self._entries.get(episode_id)

    def put(self, episode_id: str, entry: CachedEpisode) -> None:
        """Remember ``entry``, dropping the least recently used ones to stay within the limit."""
        if _size(entry) > self.max_bytes:  # also when disabled: one episode larger than all memory
            self.forget(episode_id)
            return
        self._entries[episode_id] = entry

    def forget(self, episode_id: str) -> None:
        """Drop the episode (Redis no longer holds it, or holds something else)."""
        self._entries.pop(episode_id, None)

    @property
    def bytes_used(self) -> int:
        """The bytes held now, as counted against ``max_bytes``."""
        return int(self._entries.currsize)

    def __len__(self) -> int:
        return len(self._entries)
