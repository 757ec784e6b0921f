"""``podgist lookup URL``: ask a running API, show progress on stderr, print the transcript on stdout."""

from __future__ import annotations

import sys
import time

import httpx
import msgspec

from podgist.models import Episode
from podgist.settings import Settings
from podgist.transcripts.writers import to_markdown


def run_lookup(settings: Settings, url: str, *, fmt: str, api: str | None, timeout: float) -> int:
    """Exit code 0 with the transcript printed, 1 when the lookup failed (its error on stderr)."""
    base = api or settings.public_url or f"http://{settings.host}:{settings.port}"
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base, timeout=40) as client:
        response = client.post("/v1/lookups", json={"url": url})
        if response.status_code not in (200, 202):
            return _fail(response.json())
        while response.status_code == 202 or response.json().get("status") not in (None, "done", "failed"):
            state = response.json()
            _progress(state)
            if state["status"] in ("done", "failed") or time.monotonic() > deadline:
                break
            response = client.get(state["statusUrl"], params={"wait": 10, "since": state["updatedAt"]})
        state = response.json()
        if "status" in state:  # the bar ends where the lookup did: 100 % done, or where it failed
            _progress(state)
        if state.get("status") == "failed":
            return _fail(state["error"])
        if state.get("status") == "done":
            response = client.get(f"/v1/episodes/{state['episodeId']}")
        elif "status" in state:
            return _fail({"code": "timeout", "message": f"still {state['status']} after {timeout:.0f} s"})
    sys.stderr.write("\n")
    if fmt == "json":
        sys.stdout.write(response.text + "\n")
    else:
        sys.stdout.write(to_markdown(msgspec.json.decode(response.content, type=Episode)))
    return 0


def _progress(state: dict[str, object]) -> None:
    progress = float(str(state.get("progress") or 0))
    bar = "#" * int(progress * 30)
    sys.stderr.write(f"\r[{bar:<30}] {progress:4.0%} {state.get('status', '')}        ")
    sys.stderr.flush()


def _fail(error: dict[str, str]) -> int:
    sys.stderr.write(f"\nerror: {error.get('code')}: {error.get('message')}\n")
    return 1
