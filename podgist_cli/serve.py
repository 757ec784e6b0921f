"""Long-running processes: the API under uvicorn and an arq worker."""

from __future__ import annotations

import asyncio
import gc
import logging
import socket
import time
from types import FrameType

import uvicorn
from litestar import Litestar
from redis.exceptions import RedisError
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from api.app import create_app
from podgist.models import ErrorBody, to_json
from podgist.settings import Settings
from workers.metrics import serve_metrics
from workers.settings import create_worker

log = logging.getLogger("podgist.worker")
api_log = logging.getLogger("podgist.api")


GRACEFUL_SECONDS = 30
"""How long a stopping API lets in-flight requests finish (deploy/k8s sizes its grace period from it)."""


class DrainingServer(uvicorn.Server):
    """uvicorn's server, which on SIGINT/SIGTERM also answers held ``?wait=`` requests at once with the
    lookup's current state, so graceful shutdown takes milliseconds instead of a long-poll's 30 s."""

    def __init__(self, config: uvicorn.Config, app: Litestar) -> None:
        super().__init__(config)
        self.app = app

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)
        if not self.started:  # it could not listen
            return
        # What exists once the app has started (modules, routes, the schema, clients) lives as long as the
        # process. Frozen, it is left out of the cyclic GC's full collections, which otherwise walk all of
        # it every few thousand requests: 60-95 ms each on the cached-read bench, and there the p99.
        gc.collect()
        gc.freeze()
        # CPython runs a full collection once the objects promoted since the last one reach a quarter of
        # its survivors, and that count still includes the frozen heap. Collecting once more resets it:
        # without this, garbage piled up ~28 MB higher before the first full collection (api_memory).
        gc.collect()
        api_log.info("api started", extra={"gc_frozen_objects": gc.get_freeze_count()})

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        watcher = self.app.state.get("watcher")
        if watcher is None:
            return
        try:  # a signal handler: hand the work to the event loop rather than run it mid-callback
            asyncio.get_running_loop().call_soon_threadsafe(watcher.drain)
        except RuntimeError:
            watcher.drain()


class JsonErrorProtocol(HttpToolsProtocol):
    """uvicorn's HTTP/1.1 protocol, except that a request too malformed to reach the app (raw non-ASCII
    bytes in the request line, a bad Content-Length, a request line past the parser's limit) gets our
    JSON error body too, not uvicorn's plain-text "Invalid HTTP request received."."""

    def send_400_response(self, msg: str) -> None:
        body = to_json(ErrorBody(code="invalid_request", message=f"The request could not be read: {msg}"))
        head = [b"HTTP/1.1 400 Bad Request\r\n"]
        head += [name + b": " + value + b"\r\n" for name, value in self.server_state.default_headers]
        head += [b"content-type: application/json\r\n", b"content-length: %d\r\n" % len(body)]
        self.transport.write(b"".join([*head, b"connection: close\r\n\r\n", body]))
        self.transport.close()


def run_api(settings: Settings) -> int:
    """Serve the API until SIGINT/SIGTERM: uvicorn stops accepting connections and finishes in-flight
    requests (held long-polls answer at once) before exiting."""
    app = create_app(settings)
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_config=None,
        access_log=False,  # api/middleware.py logs one JSON line per request instead
        timeout_graceful_shutdown=GRACEFUL_SECONDS,
        http=JsonErrorProtocol,
    )
    DrainingServer(config, app).run()
    return 0


def run_worker(settings: Settings, *, asr: bool = False) -> int:
    """Run one arq worker until SIGINT/SIGTERM (running jobs may finish first).

    A running worker keeps polling through a Redis outage (workers/resilient.py); one that cannot reach
    Redis at all (at start, say) is started afresh once Redis answers, so an outage never needs a restart
    by hand. Jobs whose worker died are retried by arq (they are idempotent).
    """
    serve_metrics(settings.worker_metrics_port)  # once per process: it outlives worker restarts below
    delay = 0.5
    while True:
        try:
            # arq's Worker.run owns its event loop and installs its SIGINT/SIGTERM handlers on it.
            create_worker(settings, asr=asr).run()
            return 0
        except (RedisError, OSError) as exc:
            log.warning("worker lost redis; restarting", extra={"error": str(exc), "delay": delay})
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
