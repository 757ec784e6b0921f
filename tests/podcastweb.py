"""The fixture "podcast web": a real HTTP server on 127.0.0.1 serving pages, feeds, transcripts and audio,
and standing in for the iTunes/YouTube/Spotify endpoints. It counts every request per path."""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Route:
    """What one path answers."""

    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    handler: Callable[[BaseHTTPRequestHandler], tuple[int, dict[str, str], bytes]] | None = None
    # Writes the whole raw response itself (status line, headers, body), for the misbehaviour a
    # well-formed answer cannot express: bytes trickling in, bodies with no declared length.
    writer: Callable[[BaseHTTPRequestHandler], None] | None = None


class PodcastWeb:
    """Start with :meth:`start`; register answers with :meth:`add`; read :attr:`hits` to count fetches."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.requests: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        web = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as two writes; with Nagle on, every reply after the first on a
            # kept-alive connection would wait ~40 ms for a delayed ACK.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                web._serve(self)

            def do_HEAD(self) -> None:
                web._serve(self, head=True)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> PodcastWeb:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def add(
        self, path: str, body: bytes | str = b"", content_type: str = "text/html; charset=utf-8", **kw: object
    ) -> str:
        """Serve ``body`` at ``path`` (exact path, query ignored); returns the absolute URL."""
        data = body.encode() if isinstance(body, str) else body
        self.routes[path] = Route(body=data, content_type=content_type, **kw)  # type: ignore[arg-type]
        return self.url(path)

    def _serve(self, req: BaseHTTPRequestHandler, head: bool = False) -> None:
        path = urlsplit(req.path).path
        with self._lock:
            self.hits[path] += 1
            self.requests.append((req.path, dict(req.headers.items())))
        route = self.routes.get(path)
        if route is not None and route.writer is not None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up
                route.writer(req)
            return
        if route is None:
            status, headers, body = 404, {"content-type": "text/plain"}, b"not found"
        elif route.handler is not None:
            status, headers, body = route.handler(req)
        else:
            if route.delay:
                time.sleep(route.delay)
            status, headers, body = (
                route.status,
                {"content-type": route.content_type, **route.headers},
                route.body,
            )
        req.send_response(status)
        for name, value in headers.items():
            req.send_header(name, value)
        if "content-length" not in {h.lower() for h in headers}:
            req.send_header("content-length", str(len(body)))
        req.end_headers()
        if not head:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                req.wfile.write(body)
