"""Which clients get gzip, and the gzipped copies remembered by stamp."""

from __future__ import annotations

import gzip

import pytest

from api.encoding import GzipMemory, accepts_gzip, wants_gzip
from api.routes.episodes import etag_matches


@pytest.mark.parametrize(
    ("header", "accepted"),
    [
        ("gzip", True),
        ("gzip, deflate, br, zstd", True),  # what browsers and httpx send
        ("br;q=1.0, GZIP ; q=0.5", True),
        ("x-gzip", True),
        ("*", True),
        ("identity, *;q=0.1", True),
        ("gzip;q=0", False),
        ("gzip;q=0.000", False),
        ("*;q=0, br", False),
        ("gzip;q=0, *", False),  # named beats the wildcard
        ("gzip;q=nope", False),
        ("br, deflate", False),
        ("identity", False),
        ("", False),
        (None, False),
    ],
)
def test_accept_encoding_decides(header: str | None, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


def test_copies_are_compressed_once_per_stamp_within_their_bound() -> None:
    raw = b'{"transcript": "' + b"so the starter doubles, " * 2000 + b'"}'
    memory = GzipMemory(max_bytes=10_000)
    first = memory.compressed(b"stamp1", raw)
    assert gzip.decompress(first) == raw and len(first) < len(raw) / 20
    assert memory.compressed(b"stamp1", b"other bytes") is first  # remembered by stamp
    assert gzip.decompress(memory.compressed(b"stamp2", b"other bytes")) == b"other bytes"
    assert len(memory) == 2
    small = GzipMemory(max_bytes=10)  # a copy larger than the bound is sent but not kept
    assert gzip.decompress(small.compressed(b"stamp1", raw)) == raw and len(small) == 0


def test_etags_compare_weakly() -> None:
    assert etag_matches('W/"abc"', '"abc"') and etag_matches('"abc"', 'W/"abc"')
    assert etag_matches('"x", W/"abc"', 'W/"abc"') and etag_matches("*", '"abc"')
    assert not etag_matches('"abcd"', 'W/"abc"')


def test_gzip_needs_a_stamp_and_memory_for_the_copy() -> None:
    scope = {"headers": [(b"host", b"x"), (b"accept-encoding", b"gzip, br")]}
    assert wants_gzip(scope, b"stamp", GzipMemory(1000))
    assert not wants_gzip(scope, b"stamp", GzipMemory(0))  # PODGIST_EPISODE_MEMORY_MB=0
    assert not wants_gzip(scope, b"", GzipMemory(1000))  # saved before stamps
    assert not wants_gzip({"headers": [(b"host", b"x")]}, b"stamp", GzipMemory(1000))
