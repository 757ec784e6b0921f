"""Admitting a request: which key it presents, whether that key is good, and whether it is too fast."""

from __future__ import annotations

import hmac
from collections.abc import Mapping

from podgist.accounts.keys import KeyStore, Principal
from podgist.accounts.ratelimit import RateLimiter
from podgist.errors import Unauthorized
from podgist.settings import Settings

DEMO = Principal(key_hash="demo", name="demo", demo=True)


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key in ``x-api-key``, else in ``Authorization: Bearer …``; None when neither is sent."""
    key = (headers.get("x-api-key") or "").strip()
    if key:
        return key
    scheme, _, token = (headers.get("authorization") or "").strip().partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return None


class Gate:
    """Turns a presented key into a :class:`Principal`, counting the request against its rate limit."""

    def __init__(self, keys: KeyStore, limiter: RateLimiter, settings: Settings) -> None:
        self.keys = keys
        self.limiter = limiter
        self.settings = settings

    def is_demo(self, key: str) -> bool:
        """True for the configured demo key (compared in constant time; off when empty)."""
        demo = self.settings.demo_key
        return bool(demo) and hmac.compare_digest(key.encode(), (demo or "").encode())

    async def admit(self, key: str | None) -> Principal:
        """The caller, or :class:`Unauthorized` / :class:`RateLimited`."""
        if not key:
            raise Unauthorized()
        if self.is_demo(key):
            await self.limiter.hit(DEMO.bucket, self.settings.demo_rate_per_minute)
            return DEMO
        who = await self.keys.verify(key)
        await self.limiter.hit(who.bucket, self.settings.key_rate_per_minute)
        return who

    async def admit_headers(self, headers: Mapping[str, str]) -> Principal:
        """:meth:`admit` the key found in request headers."""
        return await self.admit(presented_key(headers))
