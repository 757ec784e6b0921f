"""``podgist up``, the README's run command (an embedded Valkey, the API and a worker, stopped by Ctrl-C),
and ``podgist lookup URL`` against it."""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from tests.episodes import publish
from tests.flow import wait_done
from tests.podcastweb import PodcastWeb
from tests.stack import REPO, Proc, free_port, stack_env

START_TIMEOUT_S = 60.0  # three fresh interpreters import everything at once


def log_field(proc: Proc, message: str, field: str) -> str | None:
    """``field`` of the first JSON log line of ``proc`` whose message is ``message``."""
    for line in proc.log().splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("msg") == message:
            return str(entry.get(field))
    return None


def listening(url: str) -> bool:
    parts = urlsplit(url)
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((parts.hostname or "127.0.0.1", parts.port or 6379)) == 0


def podgist_lookup(url: str, base: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """``podgist lookup URL`` against the running API, as a user types it."""
    cmd = [sys.executable, "-m", "podgist_cli.main", "lookup", url, "--api", base, "--timeout", "30"]
    return subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=60, check=False)


def wait_up(proc: Proc, base: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while log_field(proc, "podgist is up", "url") != base:
        assert proc.popen.poll() is None, proc.log()[-4000:]
        assert time.monotonic() < deadline, proc.log()[-4000:]
        time.sleep(0.2)


def test_up_runs_everything_on_an_embedded_valkey_and_lookup_prints_markdown(
    web: PodcastWeb, slug: str, tmp_path: Path
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = stack_env("", web.base, port, XDG_DATA_HOME=str(tmp_path))
    env.pop("PODGIST_REDIS_URL")  # unset: `up` starts its own Valkey
    up = Proc(["up"], env, "up")
    try:
        wait_up(up, base)
        valkey_url = log_field(up, "embedded valkey started", "url")
        assert valkey_url and listening(valkey_url)
        assert (tmp_path / "podgist" / "valkey").is_dir()  # where it keeps its data between runs

        ep = publish(web, slug)
        with httpx.Client(base_url=base, timeout=30) as client:
            lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
            done = wait_done(client, lookup["id"])
            assert done["status"] == "done", done
            assert client.get(f"/v1/episodes/{done['episodeId']}").json()["title"] == ep.title

        cli = podgist_lookup(publish(web, f"{slug}-cli").page_url, base, env)
        assert cli.returncode == 0, cli.stderr
        assert cli.stdout.startswith("# ") and "Alice Host" in cli.stdout  # markdown, speakers named
        assert "100% done" in cli.stderr  # the progress line
        missing = podgist_lookup(f"{web.base}/no/such/episode", base, env)
        assert missing.returncode == 1 and "error: " in missing.stderr and not missing.stdout

        up.signal(signal.SIGINT)  # Ctrl-C
        assert up.popen.wait(timeout=40) == 0, up.log()[-4000:]
        assert not listening(valkey_url)
        assert not listening(base)
    finally:
        up.stop()
