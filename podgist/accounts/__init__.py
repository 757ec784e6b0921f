"""API keys, prepaid credits, rate limits and usage: what an API-key client may read and what it costs.

Keys are stored only as SHA-256 hashes; a charge and its "already paid" mark happen in one Lua script.
"""

from podgist.accounts.credits import Charge, Credits
from podgist.accounts.keys import KeyInfo, KeyStore, Principal, hash_key
from podgist.accounts.ratelimit import LocalRateLimiter, RateLimiter
from podgist.accounts.usage import Usage

__all__ = [
    "Charge",
    "Credits",
    "KeyInfo",
    "KeyStore",
    "LocalRateLimiter",
    "Principal",
    "RateLimiter",
    "Usage",
    "hash_key",
]
