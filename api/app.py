"""The Litestar application factory: clients made in the lifespan, one error mapping, OpenAPI at /schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from arq.constants import in_progress_key_prefix, job_key_prefix
from litestar import Litestar
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig

from api.auth import SECURITY_SCHEMES, account_state, provide_account_call, provide_paid_call
from api.encoding import GzipMemory
from api.errors import EXCEPTION_HANDLERS, JsonBodyRequest
from api.llms import llms_txt
from api.mcp import mcp_endpoint
from api.metrics import metrics
from api.middleware import observe_requests
from api.public import PublicServices
from api.redis_client import connect_redis
from api.routes.account import AccountController
from api.routes.episodes import EpisodeController
from api.routes.health import healthz, readyz
from api.routes.lookups import LookupController
from api.routes.transcripts import TranscriptController
from api.watcher import LookupWatcher
from podgist.keys import QueueKeys
from podgist.logs import trace_context
from podgist.lookups import LookupService, job_id
from podgist.settings import Settings
from podgist.store import Store

MAX_BODY_BYTES = 8 * 1024 * 1024  # room for a long uploaded caption track, no more


def create_app(settings: Settings) -> Litestar:
    """Build the API for ``settings``."""
    state = State({"settings": settings})
    mcp_server, mcp_handler = mcp_endpoint(state)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        redis = connect_redis(settings)
        memory_bytes = int(settings.episode_memory_mb * 1024 * 1024)
        store = Store(
            redis,
            lookup_ttl=settings.lookup_ttl,
            episode_ttl=settings.episode_ttl,
            episode_memory_bytes=memory_bytes,
        )

        async def enqueue(lookup_id: str, generation: int, request_json: bytes) -> None:
            await redis.enqueue_job(
                "lookup",
                lookup_id,
                generation,
                request_json,
                _job_id=job_id(lookup_id, generation),
                _queue_name=settings.queue_name,
                **trace_context(),  # the request id (and traceparent) go on to the job's log lines
            )

        watcher = LookupWatcher(redis)
        watcher.start()
        queue = QueueKeys(job=job_key_prefix, in_progress=in_progress_key_prefix)
        lookups = LookupService(store, settings, enqueue, queue=queue)
        # gzipped copies are ~3.5x smaller than the episodes: a quarter of their memory keeps about as many
        gzip_memory = GzipMemory(memory_bytes // 4)
        public = PublicServices(store=store, lookups=lookups, watcher=watcher, gzip_memory=gzip_memory)
        # the watcher is in the state too: the server drains it on shutdown (podgist_cli/serve.py)
        app.state.update(redis=redis, store=store, watcher=watcher, public=public, gzip_memory=gzip_memory)
        app.state.update(account_state(redis, store, lookups, watcher, settings))
        try:
            async with mcp_server.session_manager.run():
                yield
        finally:
            await watcher.stop()
            await redis.aclose()

    def from_state(name: str) -> Provide:
        # A provider without parameters: Litestar then skips parsing a signature for it on every request.
        def provide() -> object:
            return app.state[name]

        provide.__name__ = f"provide_{name}"
        return Provide(provide, sync_to_thread=False)

    app = Litestar(
        route_handlers=[
            LookupController,
            EpisodeController,
            healthz,
            readyz,
            TranscriptController,
            AccountController,
            llms_txt,
            mcp_handler,
            metrics,
        ],
        lifespan=[lifespan],
        dependencies={
            **{name: from_state(name) for name in ("store", "public")},
            "account": Provide(provide_account_call),
            "paid": Provide(provide_paid_call),
        },
        state=state,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        request_class=JsonBodyRequest,
        openapi_config=OpenAPIConfig(
            title="Podgist API",
            version="0.1.0",
            description="Podcast episodes to clean transcripts and their gist.",
            path="/schema",
            components=SECURITY_SCHEMES,
        ),
        cors_config=CORSConfig(allow_origins=list(settings.cors_origins)),
        request_max_body_size=MAX_BODY_BYTES,
        logging_config=None,  # keep podgist.logs' JSON lines; Litestar's default replaces root handlers
    )
    return observe_requests(app)
