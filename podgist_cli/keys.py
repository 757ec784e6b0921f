"""``podgist keys create|list|revoke|topup``: manage API keys straight in Redis.

The plaintext key is printed once, by ``create``; Redis only ever holds its hash.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable

from redis.asyncio import Redis

from podgist.accounts.keys import KeyInfo, KeyStore
from podgist.errors import PodgistError
from podgist.settings import Settings


def _line(info: KeyInfo) -> str:
    created = time.strftime("%Y-%m-%d %H:%M", time.gmtime(info.created_at))
    state = "revoked" if info.revoked else "active"
    return f"{info.prefix}…  {info.credits:>8} credits  {state:<7}  {created}  {info.name}"


async def _with_store(settings: Settings, action: Callable[[KeyStore], Awaitable[int]]) -> int:
    if not settings.redis_url:
        sys.stderr.write("error: PODGIST_REDIS_URL is not set\n")
        return 2
    redis = Redis.from_url(settings.redis_url)
    try:
        return await action(KeyStore(redis))
    except PodgistError as exc:
        sys.stderr.write(f"error: {exc.code}: {exc.message}\n")
        return 1
    finally:
        await redis.aclose()


def run_keys(settings: Settings, command: str, *, credits: int = 0, name: str = "", key: str = "") -> int:
    """Run one ``keys`` sub-command; exit code 0 on success, 1 on a refused request."""

    async def create(store: KeyStore) -> int:
        plaintext, info = await store.create(credits, name=name)
        sys.stdout.write(plaintext + "\n")
        sys.stderr.write(
            f"created {info.prefix}… with {info.credits} credits; this is the only time "
            "the key is shown, store it now\n"
        )
        return 0

    async def listing(store: KeyStore) -> int:
        for info in await store.list():
            sys.stdout.write(_line(info) + "\n")
        return 0

    async def revoke(store: KeyStore) -> int:
        sys.stdout.write(_line(await store.revoke(key)) + "\n")
        return 0

    async def topup(store: KeyStore) -> int:
        sys.stdout.write(_line(await store.topup(key, credits)) + "\n")
        return 0

    actions = {"create": create, "list": listing, "revoke": revoke, "topup": topup}
    return asyncio.run(_with_store(settings, actions[command]))
