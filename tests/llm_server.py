"""A small OpenAI-compatible chat-completions server on 127.0.0.1 for tests (a double of an external LLM).

It is a real HTTP server in a thread. Each test gives it a ``script``: a function from the request's JSON
body to a ``Reply`` (status, body, delay). Every request is recorded with its headers for assertions.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

_LINE = re.compile(r"^\[(\d+)\] \([0-9:]+\) (?:([^:\n]+): )?(.*)$", re.MULTILINE)


@dataclass
class Reply:
    """What the server answers: an HTTP status, a raw body, and an optional delay before answering."""

    status: int = 200
    body: bytes = b""
    delay: float = 0.0


@dataclass
class Recorded:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class LlmServer:
    """The running server: ``url`` is the base (``…/v1``) to put in ``Settings.llm_url``."""

    url: str
    requests: list[Recorded] = field(default_factory=list)


def completion(content: Any) -> Reply:
    """A 200 chat-completions answer whose message content is ``content`` (a dict is sent as JSON text)."""
    text = content if isinstance(content, str) else json.dumps(content)
    body = {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
    }
    return Reply(body=json.dumps(body).encode())


def user_text(body: dict[str, Any]) -> str:
    """The user message of a chat request."""
    return next(m["content"] for m in body["messages"] if m["role"] == "user")


def system_text(body: dict[str, Any]) -> str:
    """The system message of a chat request."""
    return next(m["content"] for m in body["messages"] if m["role"] == "system")


def transcript_lines(body: dict[str, Any]) -> list[tuple[int, str | None, str]]:
    """The ``[id] (m:ss) Speaker: text`` lines of a request, parsed: (id, speaker, text)."""
    return [(int(m.group(1)), m.group(2), m.group(3)) for m in _LINE.finditer(user_text(body))]


@contextmanager
def llm_server(script: Callable[[dict[str, Any]], Reply]) -> Iterator[LlmServer]:
    """Run the server for the duration of the block."""
    state = LlmServer(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            body = json.loads(raw or b"{}")
            state.requests.append(Recorded(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
            if self.path != "/v1/chat/completions":
                reply = Reply(status=404, body=b'{"error": "not found"}')
            else:
                reply = script(body)
            if reply.delay:
                time.sleep(reply.delay)
            try:
                self.send_response(reply.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/v1"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
