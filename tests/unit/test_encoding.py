"""Which clients get gzip, and the gzipped copies remembered by a digest of the body."""

from __future__ import annotations

import gzip

import pytest

from api.encoding import GZIP_MIN_BYTES, GzipMemory, accepts_gzip, negotiated_body, wants_gzip


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


def test_bodies_worth_it_go_gzipped_under_a_weak_etag_and_are_compressed_once() -> None:
    memory, body, tag = GzipMemory(1 << 20), b"Alice: fermentation is older than writing. " * 100, '"t1"'
    sent, etag, headers = negotiated_body(body, tag, "gzip, br", memory)
    assert gzip.decompress(sent) == body and etag == 'W/"t1"' and headers == {"content-encoding": "gzip"}
    assert negotiated_body(body, tag, "gzip", memory)[0] is sent and len(memory) == 1  # remembered by ETag
    assert negotiated_body(body, tag, None, memory) == (body, tag, {})  # no Accept-Encoding
    assert negotiated_body(body, tag, "br", memory) == (body, tag, {})
    small = body[: GZIP_MIN_BYTES - 1]
    assert negotiated_body(small, tag, "gzip", memory) == (small, tag, {})  # not worth compressing


def test_gzip_needs_a_stamp_and_memory_for_the_copy() -> None:
    scope = {"headers": [(b"host", b"x"), (b"accept-encoding", b"gzip, br")]}
    assert wants_gzip(scope, b"stamp", GzipMemory(1000))
    assert not wants_gzip(scope, b"stamp", GzipMemory(0))  # PODGIST_EPISODE_MEMORY_MB=0
    assert not wants_gzip(scope, b"", GzipMemory(1000))  # saved before stamps
    assert not wants_gzip({"headers": [(b"host", b"x")]}, b"stamp", GzipMemory(1000))
