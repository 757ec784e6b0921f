"""Shared fixtures: a real Redis/Valkey, the fixture podcast web, and a running API + arq worker."""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Iterator

import httpx
import pytest
import redis
from hypothesis import settings

from tests.podcastweb import PodcastWeb
from tests.stack import RedisServer, Stack

_counter = itertools.count()

# CI explores the same generated cases on every run, so a red build is reproducible (and a fix can be
# checked); local runs keep exploring new ones.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("PODGIST_TEST_DERANDOMIZE") == "1":
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """``PODGIST_TEST_REDIS_URL`` when given, else an embedded Valkey on a free port for this session."""
    given = os.environ.get("PODGIST_TEST_REDIS_URL")
    if given:
        yield given
        return
    server = RedisServer().start()
    yield server.url
    server.stop()


@pytest.fixture(scope="session")
def web() -> Iterator[PodcastWeb]:
    server = PodcastWeb().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def stack(redis_url: str, web: PodcastWeb) -> Iterator[Stack]:
    """The default stack (speech-to-text off) shared by the integration tests."""
    redis.Redis.from_url(redis_url).flushdb()
    running = Stack(redis_url, web.base)
    yield running
    running.stop()


@pytest.fixture
def client(stack: Stack) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=stack.base, timeout=40) as http:
        yield http


@pytest.fixture
def slug(request: pytest.FixtureRequest) -> str:
    """A show name unique to this test, so tests never share cache entries."""
    return f"{request.node.name.replace('[', '-').replace(']', '')[:40]}-{next(_counter)}-{int(time.time())}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """On failure, attach the API and worker logs of the stack the test used."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    running = getattr(item, "funcargs", {}).get("stack")
    if report.failed and isinstance(running, Stack):
        report.sections.append(("podgist logs", running.logs()))
