"""Every Redis key Podgist uses, in one place. Bump ``VERSION`` to start a fresh key space."""

from __future__ import annotations

import hashlib
from typing import NamedTuple

VERSION = "v1"
PREFIX = f"pg:{VERSION}:"


def digest(text: str, length: int = 20) -> str:
    """A short stable hex digest, used to turn URLs and secrets into key-safe ids."""
    return hashlib.sha256(text.encode()).hexdigest()[:length]


def episode(episode_id: str) -> str:
    """Hash with ``json`` (the whole serialized episode), ``tag`` (the insights engine tag) and ``stamp``
    (a digest of both, see :mod:`podgist.episode_memory`; absent on episodes saved before it existed)."""
    return f"{PREFIX}episode:{episode_id}"


def alias(name: str) -> str:
    """Maps any name of an episode (normalized URL, ``apple:<id>``, ``yt:<id>``) to its episode id."""
    return f"{PREFIX}alias:{digest(name, 32)}"


def lookup(lookup_id: str) -> str:
    """The JSON state of one lookup."""
    return f"{PREFIX}lookup:{lookup_id}"


def lookup_job(lookup_id: str) -> str:
    """``{generation}|{job id}``: the job a worker last queued to carry the lookup on (speech-to-text, or a
    wait for another lookup's build), so a lookup waiting on a queue is not taken for a stuck one."""
    return f"{PREFIX}lookup-job:{lookup_id}"


class QueueKeys(NamedTuple):
    """Where the job queue keeps a job: these prefixes + the job id. The API passes arq's own
    (``podgist`` does not import arq); empty ones mean "unknown", and no lookup counts as waiting."""

    job: str = ""
    """The job, from the moment it is queued until it ends."""
    in_progress: str = ""
    """Set while a worker runs the job."""


NO_QUEUE = QueueKeys()


def lookup_events(lookup_id: str) -> str:
    """Pub/sub channel announcing that a lookup changed."""
    return f"{PREFIX}lookup-events:{lookup_id}"


LOOKUP_EVENTS_PATTERN = f"{PREFIX}lookup-events:*"


def episode_lock(episode_id: str) -> str:
    """Held by the one job that is building an episode, so jobs for other URLs of it wait instead."""
    return f"{PREFIX}eplock:{episode_id}"


def feed_cache(url: str) -> str:
    """Conditional-request cache of a feed (ETag, Last-Modified, body)."""
    return f"{PREFIX}feed:{digest(url, 32)}"


def asr_chunk(episode_id: str) -> str:
    """Hash of finished speech-to-text chunks of one episode (chunk index → segments JSON)."""
    return f"{PREFIX}asr:{episode_id}"


def api_key(key_hash: str) -> str:
    """Hash describing one API key, addressed by the hash of the key (never the key)."""
    return f"{PREFIX}apikey:{key_hash}"


API_KEYS_INDEX = f"{PREFIX}apikeys"


def paid(key_hash: str) -> str:
    """Set of episode ids this key has already paid for (repeat reads are free)."""
    return f"{PREFIX}paid:{key_hash}"


def rate(bucket: str, window: int) -> str:
    """Fixed-window request counter."""
    return f"{PREFIX}rate:{bucket}:{window}"


def usage(key_hash: str) -> str:
    """Hash of request counters of one API key (reads by kind, charged, refused, pending)."""
    return f"{PREFIX}usage:{key_hash}"
