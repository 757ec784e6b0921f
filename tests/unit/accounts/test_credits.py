"""The atomic charge: one credit per new episode, repeats free, never below zero, even under a race."""

from __future__ import annotations

import asyncio

import pytest
from redis.asyncio import Redis

from podgist import keys
from podgist.accounts.credits import Credits
from podgist.accounts.keys import KeyStore
from podgist.errors import InsufficientCredits, Unauthorized


async def test_first_read_charges_repeat_is_free(r: Redis) -> None:
    _, info = await KeyStore(r).create(2)
    credits = Credits(r)
    first = await credits.charge(info.key_hash, "ep_a")
    assert (first.outcome, first.balance, first.credits) == ("charged", 1, 1)
    again = await credits.charge(info.key_hash, "ep_a")
    assert (again.outcome, again.balance, again.credits) == ("free", 1, 0)
    assert await credits.has_paid(info.key_hash, "ep_a")
    assert await credits.paid_count(info.key_hash) == 1


async def test_out_of_credits_is_refused_and_nothing_is_marked(r: Redis) -> None:
    _, info = await KeyStore(r).create(1)
    credits = Credits(r)
    await credits.charge(info.key_hash, "ep_1")
    with pytest.raises(InsufficientCredits) as refused:
        await credits.charge(info.key_hash, "ep_2")
    assert refused.value.status == 402 and refused.value.detail == {"balance": 0, "episodeId": "ep_2"}
    assert not await credits.has_paid(info.key_hash, "ep_2")
    assert await r.hget(keys.api_key(info.key_hash), "credits") == b"0"
    assert (await credits.charge(info.key_hash, "ep_1")).outcome == "free"  # paid ones stay readable


async def test_revoked_or_unknown_key_cannot_be_charged(r: Redis) -> None:
    store = KeyStore(r)
    _, info = await store.create(5)
    await store.revoke(info.prefix)
    with pytest.raises(Unauthorized):
        await Credits(r).charge(info.key_hash, "ep_x")
    with pytest.raises(Unauthorized):
        await Credits(r).charge("0" * 64, "ep_x")
    assert await r.hget(keys.api_key(info.key_hash), "credits") == b"5"


async def test_race_for_many_episodes_charges_exactly_the_balance(r: Redis) -> None:
    _, info = await KeyStore(r).create(10)
    credits = Credits(r)

    async def attempt(n: int) -> str:
        try:
            return (await credits.charge(info.key_hash, f"ep_race_{n}")).outcome
        except InsufficientCredits:
            return "refused"

    outcomes = await asyncio.gather(*(attempt(n) for n in range(500)))
    assert outcomes.count("charged") == 10
    assert outcomes.count("refused") == 490
    assert await r.hget(keys.api_key(info.key_hash), "credits") == b"0"
    assert await credits.paid_count(info.key_hash) == 10


async def test_race_for_one_episode_charges_once(r: Redis) -> None:
    _, info = await KeyStore(r).create(3)
    credits = Credits(r)
    charges = await asyncio.gather(*(credits.charge(info.key_hash, "ep_same") for _ in range(200)))
    assert sorted(c.outcome for c in charges).count("charged") == 1
    assert {c.balance for c in charges} == {2}
