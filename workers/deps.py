"""What a worker process holds for its whole life: settings, the store, the safe fetcher, an LLM client."""

from __future__ import annotations

from dataclasses import dataclass

import httpx
from redis.asyncio import Redis

from podgist.fetch import Fetcher
from podgist.settings import Settings
from podgist.sources import SourceContext
from podgist.store import Store


@dataclass
class Deps:
    """Created at worker startup, closed at shutdown."""

    settings: Settings
    store: Store
    fetcher: Fetcher
    llm_http: httpx.AsyncClient

    @classmethod
    def create(cls, settings: Settings, redis: Redis) -> Deps:
        return cls(
            settings=settings,
            store=Store(redis, lookup_ttl=settings.lookup_ttl, episode_ttl=settings.episode_ttl),
            fetcher=Fetcher(settings, allow_hosts=settings.allow_hosts),
            llm_http=httpx.AsyncClient(timeout=settings.llm_timeout),
        )

    def source_context(self) -> SourceContext:
        return SourceContext(settings=self.settings, fetcher=self.fetcher, redis=self.store.redis)

    async def aclose(self) -> None:
        await self.fetcher.aclose()
        await self.llm_http.aclose()
