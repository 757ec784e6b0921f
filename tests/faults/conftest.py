"""The stack the fault tests share (its settings are in helpers.py), and logs on their failures."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import httpx
import pytest

from tests.faults.helpers import FAULT_SETTINGS, ITUNES_PREFIX
from tests.podcastweb import PodcastWeb
from tests.stack import Stack


@pytest.fixture(scope="session")
def fault_stack(redis_url: str, web: PodcastWeb) -> Iterator[Stack]:
    """API + one worker on a queue of their own (no other stack's worker takes these jobs)."""
    running = Stack(
        redis_url,
        web.base,
        PODGIST_QUEUE_NAME=f"podgist:faults:{uuid.uuid4().hex[:8]}",
        PODGIST_ITUNES_URL=web.url(ITUNES_PREFIX),
        **FAULT_SETTINGS,
    )
    yield running
    running.stop()


@pytest.fixture
def fault_client(fault_stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fault_stack.base, timeout=40) as http:
        yield http


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On failure, attach the logs of every stack the test used (the root hook only knows ``stack``)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not report.failed:
        return
    for name, value in getattr(item, "funcargs", {}).items():
        stacks = [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, Stack)]
        for running in stacks:
            if name != "stack":
                report.sections.append((f"podgist logs ({name})", running.logs()))
