"""API keys: create, verify, revoke, top up and list. Keys live in Redis only as SHA-256 hashes.

A key is ``pg_live_`` plus 32 random URL-safe characters (192 bits). With that much entropy a plain
SHA-256 is a safe verifier (no slow KDF needed: nothing to brute-force), and it lets a request find its
key in one ``HGETALL`` by hash. The plaintext is returned once, at creation, and never stored; only a
short display prefix (``pg_live_`` + 8 characters, 48 bits) is kept so people can tell keys apart.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from redis.asyncio import Redis

from podgist import keys
from podgist.errors import NotFound, Unauthorized, ValidationFailed

KEY_PREFIX = "pg_live_"
DISPLAY_LENGTH = len(KEY_PREFIX) + 8
MIN_SELECTOR = len(KEY_PREFIX) + 4  # a shorter prefix would match too much to revoke by

# Top-up only an existing key: HINCRBY alone would create a half-key hash for a typo'd hash.
_TOPUP = """
if redis.call('EXISTS', KEYS[1]) == 0 then return false end
return redis.call('HINCRBY', KEYS[1], 'credits', ARGV[1])
"""


def hash_key(plaintext: str) -> str:
    """The hex SHA-256 of a key: its only stored form."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def new_key() -> str:
    """A fresh random key in the ``pg_live_…`` format."""
    return KEY_PREFIX + secrets.token_urlsafe(24)


@dataclass(frozen=True)
class KeyInfo:
    """What is stored about a key (never the key itself)."""

    key_hash: str
    name: str
    prefix: str
    credits: int
    created_at: float
    revoked: bool = False


@dataclass(frozen=True)
class Principal:
    """Who is asking: an API key (by hash) or the shared demo key."""

    key_hash: str
    name: str
    demo: bool = False

    @property
    def bucket(self) -> str:
        """Rate-limit bucket of this caller."""
        return "demo" if self.demo else f"key:{self.key_hash}"


def _info(key_hash: str, raw: dict[bytes, bytes]) -> KeyInfo:
    return KeyInfo(
        key_hash=key_hash,
        name=raw.get(b"name", b"").decode(),
        prefix=raw.get(b"prefix", b"").decode(),
        credits=int(raw.get(b"credits", b"0")),
        created_at=float(raw.get(b"created_at", b"0")),
        revoked=raw.get(b"revoked", b"0") == b"1",
    )


class KeyStore:
    """Every operation on stored keys."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._topup = redis.register_script(_TOPUP)

    async def create(self, credits: int, name: str = "") -> tuple[str, KeyInfo]:
        """A new key with ``credits``; returns (plaintext shown once, stored info)."""
        if credits < 0:
            raise ValidationFailed("Credits cannot be negative.")
        plaintext = new_key()
        info = KeyInfo(
            key_hash=hash_key(plaintext),
            name=name,
            prefix=plaintext[:DISPLAY_LENGTH],
            credits=credits,
            created_at=time.time(),
        )
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.hset(
                keys.api_key(info.key_hash),
                mapping={
                    "name": name,
                    "prefix": info.prefix,
                    "credits": credits,
                    "created_at": repr(info.created_at),
                    "revoked": 0,
                },
            )
            pipe.sadd(keys.API_KEYS_INDEX, info.key_hash)
            await pipe.execute()
        return plaintext, info

    async def get(self, key_hash: str) -> KeyInfo | None:
        """The stored key with this hash, if any."""
        raw: dict[bytes, bytes] = await self.redis.hgetall(keys.api_key(key_hash))  # type: ignore[misc]
        return _info(key_hash, raw) if raw else None

    async def verify(self, plaintext: str) -> Principal:
        """The caller behind a presented key; :class:`Unauthorized` when unknown or revoked."""
        if not plaintext.startswith(KEY_PREFIX):
            raise Unauthorized("That is not a Podgist API key (they start with 'pg_live_').")
        info = await self.get(hash_key(plaintext))
        if info is None:
            raise Unauthorized("Unknown API key.")
        if info.revoked:
            raise Unauthorized("This API key has been revoked.")
        return Principal(key_hash=info.key_hash, name=info.name)

    async def list(self) -> list[KeyInfo]:
        """Every key, oldest first."""
        hashes = sorted(m.decode() for m in await self.redis.smembers(keys.API_KEYS_INDEX))  # type: ignore[misc]
        found = [await self.get(h) for h in hashes]
        return sorted((i for i in found if i is not None), key=lambda i: i.created_at)

    async def find(self, key_or_prefix: str) -> KeyInfo:
        """The one key named by its full plaintext or an unambiguous display prefix."""
        selector = key_or_prefix.strip()
        exact = await self.get(hash_key(selector))
        if exact is not None:
            return exact
        # Longer than a display prefix yet not a known key: a mistyped key, never a prefix.
        if not MIN_SELECTOR <= len(selector) <= DISPLAY_LENGTH or not selector.startswith(KEY_PREFIX):
            raise NotFound(f"No key matches {selector!r} (give the key or its {DISPLAY_LENGTH}-char prefix).")
        matches = [i for i in await self.list() if i.prefix.startswith(selector)]
        if not matches:
            raise NotFound(f"No key matches {selector!r}.")
        if len(matches) > 1:
            raise ValidationFailed(f"{len(matches)} keys match {selector!r}; give more characters.")
        return matches[0]

    async def revoke(self, key_or_prefix: str) -> KeyInfo:
        """Mark a key revoked (kept for its history); its requests get 401 from now on."""
        info = await self.find(key_or_prefix)
        await self.redis.hset(keys.api_key(info.key_hash), mapping={"revoked": 1})  # type: ignore[misc]
        return KeyInfo(**{**info.__dict__, "revoked": True})

    async def topup(self, key_or_prefix: str, credits: int) -> KeyInfo:
        """Add ``credits`` to a key; returns the key with its new balance."""
        if credits <= 0:
            raise ValidationFailed("Top up by a positive number of credits.")
        info = await self.find(key_or_prefix)
        balance = await self._topup(keys=[keys.api_key(info.key_hash)], args=[credits])
        if balance is None:
            raise NotFound("That key was deleted meanwhile.")
        return KeyInfo(**{**info.__dict__, "credits": int(balance)})
