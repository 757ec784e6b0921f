"""The outermost layer of every HTTP request: request ids, W3C trace passthrough, one log line, metrics.

It wraps Litestar's whole ASGI handler (not a per-route middleware), so 404s for unknown paths, CORS
preflights and errors raised before routing are logged and counted too.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from litestar.enums import ScopeType

from api.metrics import REQUEST_METRICS, UNMATCHED
from podgist.logs import bind_trace, clean_request_id, clean_traceparent, unbind_trace

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar.types import ASGIApp, HTTPScope, Message, Receive, Scope, Send

log = logging.getLogger("podgist.access")

REQUEST_ID_HEADER = "x-request-id"
_REQUEST_ID_NAME = REQUEST_ID_HEADER.encode()
QUIET_ROUTES = frozenset({"/healthz", "/readyz", "/metrics"})
"""Probes and scrapes arrive every few seconds: logged at DEBUG so they don't drown the real traffic."""


class RequestObserver:
    """ASGI wrapper: takes (or makes) the request id, binds it for every log line of the request,
    returns it as ``x-request-id``, and records one access log line and the request metrics."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != ScopeType.HTTP:
            await self.app(scope, receive, send)
            return
        await self._observe(scope, receive, send)

    async def _observe(self, scope: HTTPScope, receive: Receive, send: Send) -> None:
        given_id, traceparent = _trace_headers(scope)
        request_id = clean_request_id(given_id)
        tokens = bind_trace(request_id, clean_traceparent(traceparent))
        status = 500  # what the client sees if the app dies before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [
                    *message.get("headers", []),
                    (_REQUEST_ID_NAME, request_id.encode()),
                ]
            await send(message)

        REQUEST_METRICS.in_flight += 1
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            REQUEST_METRICS.in_flight -= 1
            seconds = time.perf_counter() - started
            route = scope.get("path_template") or UNMATCHED  # set by Litestar's router on this scope
            method = scope["method"]
            REQUEST_METRICS.record(method, route, status, seconds)
            log.log(
                logging.DEBUG if route in QUIET_ROUTES else logging.INFO,
                "request",
                extra={
                    "method": method,
                    "route": route,
                    "path": scope["path"],
                    "status": status,
                    "duration": round(seconds, 4),
                },
            )
            unbind_trace(tokens)


def _trace_headers(scope: Scope) -> tuple[str | None, str | None]:
    """The request's ``x-request-id`` and ``traceparent`` values (ASGI servers send lower-case names)."""
    request_id = traceparent = None
    raw: Any = scope.get("headers", [])
    for name, value in raw:
        if name == _REQUEST_ID_NAME:
            request_id = value.decode("latin-1")
        elif name == b"traceparent":
            traceparent = value.decode("latin-1")
    return request_id, traceparent


def observe_requests(app: Litestar) -> Litestar:
    """Put :class:`RequestObserver` around ``app``'s whole request handling; returns ``app``."""
    app.asgi_handler = RequestObserver(app.asgi_handler)
    return app
