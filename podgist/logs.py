"""Structured logging: one JSON object per line, with any ``extra={...}`` fields included."""

from __future__ import annotations

import functools
import logging
import random
import re
import sys
import time
from contextvars import ContextVar, Token
from typing import Any

import orjson

from podgist.settings import Settings

# Attributes every LogRecord has; anything else on a record came from ``extra=`` and is logged as a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {
    "message",
    "asctime",
    "taskName",
    "color_message",  # uvicorn's terminal-coloured copy of the message
}

# The request (and W3C trace) a line belongs to: set by the API per request and by workers per job, so
# every line logged while serving it carries the same ids without passing them around.
request_id_var: ContextVar[str | None] = ContextVar("podgist_request_id", default=None)
traceparent_var: ContextVar[str | None] = ContextVar("podgist_traceparent", default=None)
_SAFE_ID = re.compile(r"^[A-Za-z0-9._:\-]{1,128}$")
_TRACEPARENT = re.compile(r"^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$")


def clean_request_id(given: str | None) -> str:
    """The caller's request id when it is short and plain (it ends up in logs and headers), else a new one."""
    if given and _SAFE_ID.match(given):
        return given
    # A uuid4-sized id that only has to be unique, not secret (callers may choose their own), so it is
    # drawn from `random` (reseeded in forked children): os.urandom is a system call, ~15 µs per request
    # on a virtual machine.
    return f"{random.getrandbits(128):032x}"


def clean_traceparent(given: str | None) -> str | None:
    """A well-formed W3C ``traceparent`` header value (all-zero trace ids are invalid), else None."""
    if given:
        match = _TRACEPARENT.match(given.strip().lower())
        if match and match.group(1) != "0" * 32:
            return match.group(0)
    return None


def bind_trace(request_id: str | None, traceparent: str | None = None) -> tuple[Token[Any], Token[Any]]:
    """Make ``request_id``/``traceparent`` the ones every log line of this context carries."""
    return request_id_var.set(request_id), traceparent_var.set(traceparent)


def unbind_trace(tokens: tuple[Token[Any], Token[Any]]) -> None:
    request_id_var.reset(tokens[0])
    traceparent_var.reset(tokens[1])


def trace_context() -> dict[str, Any]:
    """The current ids as job keyword arguments (empty outside a request or job)."""
    found = {"request_id": request_id_var.get(), "traceparent": traceparent_var.get()}
    return {k: v for k, v in found.items() if v}


@functools.lru_cache(maxsize=4)
def _utc_second(second: int) -> str:
    # a busy API logs hundreds of lines in the same second: format each second once
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second))


class JsonFormatter(logging.Formatter):
    """Formats records as single-line JSON: time, level, logger, message, extras, exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": round(record.created, 3),
            "time": _utc_second(int(record.created)),
            "level": record.levelname.lower(),
            "logger": record.name,
            "msg": record.getMessage(),
        }
        request_id, traceparent = request_id_var.get(), traceparent_var.get()
        if request_id:
            entry["request_id"] = request_id
        if traceparent:
            entry["trace_id"] = traceparent.split("-")[1]  # what log/trace backends join on
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


def configure_logging(settings: Settings) -> None:
    """Route all logging to stderr, as JSON lines unless ``PODGIST_LOG_JSON=false``."""
    handler = logging.StreamHandler(sys.stderr)
    if settings.log_json:
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    # The fields our lines never show, which logging would otherwise gather for every record (the
    # caller's frame walks the whole ASGI stack); the logging HOWTO's "Optimization" section lists these.
    logging._srcfile = None
    logging.logThreads = logging.logProcesses = logging.logMultiprocessing = False
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.log_level.upper())
    # one line per outbound request is noise at INFO; our own stage logs say what was fetched
    logging.getLogger("httpx").setLevel(logging.WARNING)
