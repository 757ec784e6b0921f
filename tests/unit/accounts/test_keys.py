"""API keys: created once in plaintext, stored only as hashes, verified, revoked and topped up."""

from __future__ import annotations

import re

import pytest
from redis.asyncio import Redis

from podgist import keys
from podgist.accounts.keys import KeyStore, hash_key
from podgist.errors import NotFound, Unauthorized, ValidationFailed


async def test_created_key_has_the_format_and_is_stored_only_as_a_hash(r: Redis) -> None:
    store = KeyStore(r)
    plaintext, info = await store.create(5, name="acme")
    assert re.fullmatch(r"pg_live_[A-Za-z0-9_-]{32}", plaintext)
    assert info.key_hash == hash_key(plaintext) != plaintext
    stored = await r.hgetall(keys.api_key(info.key_hash))
    assert stored[b"credits"] == b"5" and stored[b"name"] == b"acme"
    assert stored[b"prefix"] == plaintext[:16].encode()
    secret = plaintext.encode()
    async for key in r.scan_iter(match=keys.PREFIX + "*"):
        assert secret not in key
        if await r.type(key) == b"hash":
            assert all(secret not in v for v in (await r.hgetall(key)).values())
    assert info.key_hash.encode() in await r.smembers(keys.API_KEYS_INDEX)


async def test_verify_accepts_the_key_and_refuses_others(r: Redis) -> None:
    store = KeyStore(r)
    plaintext, info = await store.create(1, name="v")
    who = await store.verify(plaintext)
    assert (who.key_hash, who.name, who.demo) == (info.key_hash, "v", False)
    with pytest.raises(Unauthorized, match="Unknown"):
        await store.verify(plaintext[:-1] + ("A" if plaintext[-1] != "A" else "B"))
    with pytest.raises(Unauthorized, match="pg_live_"):
        await store.verify("sk-something-else")


async def test_revoke_by_prefix_then_verify_fails(r: Redis) -> None:
    store = KeyStore(r)
    plaintext, info = await store.create(3)
    revoked = await store.revoke(info.prefix)
    assert revoked.revoked and revoked.key_hash == info.key_hash
    with pytest.raises(Unauthorized, match="revoked"):
        await store.verify(plaintext)
    assert (await store.get(info.key_hash)).revoked  # type: ignore[union-attr]


async def test_topup_adds_credits_by_key_or_prefix(r: Redis) -> None:
    store = KeyStore(r)
    plaintext, info = await store.create(2)
    assert (await store.topup(plaintext, 5)).credits == 7
    assert (await store.topup(info.prefix, 1)).credits == 8
    with pytest.raises(ValidationFailed):
        await store.topup(plaintext, 0)
    with pytest.raises(NotFound):
        await store.topup("pg_live_zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz", 1)


async def test_short_or_unknown_selectors_match_nothing(r: Redis) -> None:
    store = KeyStore(r)
    await store.create(1)
    with pytest.raises(NotFound):
        await store.find("pg_live_")  # too short: would match every key
    with pytest.raises(NotFound):
        await store.find("nonsense")


async def test_list_shows_created_keys_without_plaintext(r: Redis) -> None:
    store = KeyStore(r)
    plaintext, info = await store.create(9, name="listed")
    listed = {i.key_hash: i for i in await store.list()}
    assert listed[info.key_hash].name == "listed"
    assert listed[info.key_hash].credits == 9
    assert plaintext not in repr(listed[info.key_hash])
