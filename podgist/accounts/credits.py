"""The one atomic charge: a key pays one credit the first time it receives an episode, never again.

Everything a charge decides happens inside ONE Lua script, so no two requests can both see the last
credit, or both pay for the same episode: Redis runs scripts one at a time. The script checks that the
key exists and is not revoked, returns free when the episode is in the key's paid set, refuses when the
balance is not above zero, and otherwise decrements the balance and adds the episode to the paid set.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from redis.asyncio import Redis

from podgist import keys
from podgist.errors import InsufficientCredits, Unauthorized

# Returns {outcome, balance}: outcome 1 charged, 0 already paid (free), -1 no such / revoked key,
# -2 insufficient credits.
_CHARGE = """
local state = redis.call('HMGET', KEYS[1], 'credits', 'revoked')
if not state[1] or state[2] == '1' then return {-1, 0} end
local balance = tonumber(state[1])
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return {0, balance} end
if balance <= 0 then return {-2, balance} end
balance = redis.call('HINCRBY', KEYS[1], 'credits', -1)
redis.call('SADD', KEYS[2], ARGV[1])
return {1, balance}
"""

Outcome = Literal["charged", "free", "demo"]


@dataclass(frozen=True)
class Charge:
    """What reading an episode cost: ``charged`` one credit, ``free`` (paid before) or ``demo``."""

    outcome: Outcome
    balance: int | None = None

    @property
    def credits(self) -> int:
        """Credits this read took (0 or 1)."""
        return 1 if self.outcome == "charged" else 0


class Credits:
    """Charging episodes to keys, and reading what a key paid for."""

    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._charge = redis.register_script(_CHARGE)

    async def charge(self, key_hash: str, episode_id: str) -> Charge:
        """Charge one credit unless already paid; raises 401 for a revoked key, 402 when out of credits."""
        outcome, balance = await self._charge(
            keys=[keys.api_key(key_hash), keys.paid(key_hash)], args=[episode_id]
        )
        if outcome == -1:
            raise Unauthorized("This API key has been revoked.")
        if outcome == -2:
            raise InsufficientCredits(detail={"balance": int(balance), "episodeId": episode_id})
        return Charge(outcome="charged" if outcome == 1 else "free", balance=int(balance))

    async def has_paid(self, key_hash: str, episode_id: str) -> bool:
        """True when the key already received this episode."""
        return bool(await self.redis.sismember(keys.paid(key_hash), episode_id))  # type: ignore[misc]

    async def paid_count(self, key_hash: str) -> int:
        """How many distinct episodes the key has paid for."""
        return int(await self.redis.scard(keys.paid(key_hash)))  # type: ignore[misc]
