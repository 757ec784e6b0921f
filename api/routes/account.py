"""``/v1/account``: the calling key's name, balance, paid episodes and usage."""

from __future__ import annotations

import msgspec
from litestar import Controller, get
from litestar.di import NamedDependency
from litestar.openapi.datastructures import ResponseSpec

from api.auth import SECURITY, AccountCall
from api.errors import errors
from podgist.errors import Unauthorized


class Account(msgspec.Struct, rename="camel"):
    """What a key can see about itself; every field always present (zeros and nulls included)."""

    name: str
    demo: bool
    balance: int | None = None
    prefix: str | None = None
    created_at: float | None = None
    episodes_paid: int = 0
    usage: dict[str, int] = {}


class AccountController(Controller):
    path = "/v1/account"
    tags = ["account"]
    security = SECURITY

    @get(
        "/",
        summary="The calling key's balance, paid episodes and usage counts",
        responses={
            200: ResponseSpec(data_container=Account, description="The account."),
            **errors(401, 429, 500, 503),
        },
    )
    async def read(self, account: NamedDependency[AccountCall]) -> Account:
        principal = account.principal
        if principal.demo:
            return Account(name="demo", demo=True)
        info = await account.key_store.get(principal.key_hash)
        if info is None:
            raise Unauthorized("Unknown API key.")
        return Account(
            name=info.name,
            demo=False,
            balance=info.credits,
            prefix=info.prefix,
            created_at=info.created_at,
            episodes_paid=await account.credits.paid_count(principal.key_hash),
            usage=await account.usage.counts(principal.key_hash),
        )
