"""Every way a client may name an episode."""

from __future__ import annotations

import pytest

from podgist.accounts.gate import presented_key
from podgist.accounts.references import parse_reference
from podgist.errors import ValidationFailed


def test_our_ids() -> None:
    ref = parse_reference("ep_0123456789abcdef")
    assert (ref.episode_id, ref.alias, ref.request) == ("ep_0123456789abcdef", None, None)
    assert parse_reference(" au_abcdef0123 ").episode_id == "au_abcdef0123"


def test_youtube_ids_and_yt_episode_ids_can_be_looked_up() -> None:
    ref = parse_reference("dQw4w9WgXcQ")
    assert ref.alias == "yt:dQw4w9WgXcQ"
    assert ref.request is not None and ref.request.url == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    ours = parse_reference("yt_dQw4w9WgXcQ")
    assert ours.episode_id == "yt_dQw4w9WgXcQ"
    assert ours.request is not None and ours.request.url.endswith("v=dQw4w9WgXcQ")


def test_apple_ids_use_the_apple_alias() -> None:
    ref = parse_reference("1000651996090")
    assert ref.alias == "apple:1000651996090" and ref.name == "apple:1000651996090"


def test_urls_are_canonical() -> None:
    ref = parse_reference("HTTPS://Example.com/ep/1/?utm_source=x")
    assert ref.alias == "https://example.com/ep/1"
    assert ref.request is not None and ref.request.url == "HTTPS://Example.com/ep/1/?utm_source=x"


@pytest.mark.parametrize("text", ["", "hello world", "ftp://x.org/a", "ep_", "12"])
def test_anything_else_is_refused(text: str) -> None:
    with pytest.raises(ValidationFailed):
        parse_reference(text)


def test_presented_key_reads_both_headers() -> None:
    assert presented_key({"x-api-key": " pg_live_a "}) == "pg_live_a"
    assert presented_key({"authorization": "Bearer pg_live_b"}) == "pg_live_b"
    assert presented_key({"authorization": "bearer   pg_live_c"}) == "pg_live_c"
    assert presented_key({"authorization": "Basic abc"}) is None
    assert presented_key({}) is None
