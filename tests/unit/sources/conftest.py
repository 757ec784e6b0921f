"""A real source context against the fixture web's stand-in upstreams, per test."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from podgist.sources.base import SourceContext
from tests.podcastweb import PodcastWeb
from tests.upstreams import Upstreams, source_context


@pytest.fixture
async def ctx(web: PodcastWeb) -> AsyncIterator[SourceContext]:
    async with source_context(web) as context:
        yield context


@pytest.fixture
def ups(web: PodcastWeb) -> Upstreams:
    return Upstreams.on(web)
