"""Abusive requests to the live API: oversized and undecodable bodies, huge and many headers, query
strings past the HTTP parser's limits, invalid UTF-8 in path and query (percent-encoded, and raw bytes
that are not HTTP at all), and out-of-range, negative, NaN and garbage numbers.

Every answer must be a 4xx with our JSON error body ``{code, message}``: never a 5xx, never plain text.
Raw requests go over a socket because an HTTP client refuses to send most of them.
"""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from tests.flow import make_key
from tests.stack import Stack

pytestmark = pytest.mark.faults

TEN_MB = 10 * 1024 * 1024


def typed_4xx(status: int, content_type: str, body: bytes, *codes: str) -> dict[str, object]:
    """The body of a typed 4xx JSON error (one of ``codes`` when given)."""
    assert 400 <= status < 500, (status, body[:300])
    assert content_type.split(";")[0] == "application/json", (content_type, body[:300])
    error = json.loads(body)
    assert isinstance(error["code"], str) and isinstance(error["message"], str), error
    assert not codes or error["code"] in codes, error
    return dict(error)


def check(response: httpx.Response, *codes: str) -> dict[str, object]:
    return typed_4xx(response.status_code, response.headers.get("content-type", ""), response.content, *codes)


def raw(stack: Stack, request: bytes) -> tuple[int, str, bytes]:
    """Send raw bytes; (status, content type, body) of the answer."""
    address = urlsplit(stack.base)
    with socket.create_connection((address.hostname, address.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = sock.recv(65536)
            assert chunk, f"connection closed without an answer: {data!r}"
            data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:])
        while len(body) < int(headers.get("content-length", 0)):
            chunk = sock.recv(65536)
            if not chunk:
                break
            body += chunk
    return int(lines[0].split()[1]), headers.get("content-type", ""), body


def get(path: bytes, *headers: bytes) -> bytes:
    return (
        b"GET " + path + b" HTTP/1.1\r\nhost: podgist\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n"
    )


# --- bodies ------------------------------------------------------------------------------------------
def test_a_10_mb_body_is_refused_quickly(client: httpx.Client) -> None:
    body = b'{"url": "https://e.test/' + b"a" * TEN_MB + b'"}'
    started = time.monotonic()
    answer = client.post("/v1/lookups", content=body, headers={"content-type": "application/json"})
    assert check(answer, "too_large") and answer.status_code == 413
    assert time.monotonic() - started < 5


def test_a_streamed_10_mb_body_without_length_is_cut_off(client: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"url": "'
        for _ in range(TEN_MB // 65536):
            yield b"a" * 65536

    answer = client.post("/v1/lookups", content=chunks(), headers={"content-type": "application/json"})
    assert check(answer, "too_large") and answer.status_code == 413


def test_a_lying_content_length_is_refused(stack: Stack) -> None:
    request = b"POST /v1/lookups HTTP/1.1\r\nhost: p\r\ncontent-type: application/json\r\n"
    assert typed_4xx(*raw(stack, request + b"content-length: 99999999999\r\n\r\n{}"), "too_large")
    assert typed_4xx(*raw(stack, request + b"content-length: -5\r\n\r\n{}"), "invalid_request")


@pytest.mark.parametrize(
    "body",
    [
        b'{"url": "\xff\xfe"}',  # not UTF-8
        b"\xff\xfe{\x00}\x00",  # UTF-16
        b'{"url": ' + b"[" * 100_000,  # nested past the decoder's stack
        b'{"url": "https://e.test/a", "transcript": {"videoId": "x", "cues": [{"start": NaN}]}}',
        b'{"url": "https://e.test/a"',
        b"",
        b"null",
        b"[]",
        b'{"url": 12}',
        b'{"url": "https://e.test/a", "guid": {"$ne": 1}}',
        b'{"url": "https://e.test/a", "transcript": {"videoId": "dQw4w9WgXcQ", "cues": [{"start": -1e999}]}}',
    ],
)
def test_undecodable_and_misshapen_bodies(client: httpx.Client, body: bytes) -> None:
    answer = client.post("/v1/lookups", content=body, headers={"content-type": "application/json"})
    check(answer, "invalid_json", "validation_error", "invalid_url")


# --- headers -----------------------------------------------------------------------------------------
def test_huge_and_many_headers(client: httpx.Client, stack: Stack) -> None:
    check(client.get("/v1/lookups/lk_none", headers={"x-filler": "a" * 64_000}), "not_found")
    check(client.get("/v1/lookups/lk_none", headers={f"x-h{i}": "a" for i in range(500)}), "not_found")
    check(client.get("/v1/account", headers={"x-api-key": "pg_live_" + "a" * 100_000}), "unauthorized")
    check(client.get("/v1/account", headers={"authorization": "Bearer " + "b" * 100_000}), "unauthorized")
    assert typed_4xx(*raw(stack, get(b"/v1/account", b"x-api-key: \xff\xfe pg")), "unauthorized")
    assert typed_4xx(*raw(stack, get(b"/v1/account", b"x-api-key: \x00pg")), "invalid_request")  # not HTTP
    assert typed_4xx(*raw(stack, get(b"/v1/lookups/lk_none", b"x-request-id: \xff" + b"z" * 9000)))


# --- query strings and paths -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def key(redis_url: str) -> str:
    """A paid key: the demo key's 10 requests a minute would run out before these tests do."""
    return make_key(redis_url, 1)


@pytest.mark.parametrize(
    "wait", ["31", "-1", "-0.0001", "nan", "NaN", "inf", "-inf", "1e309", "abc", "", "0x1f"]
)
def test_wait_out_of_range_or_not_a_number(client: httpx.Client, key: str, wait: str) -> None:
    check(client.get("/v1/lookups/lk_none", params={"wait": wait}), "validation_error")
    headers = {"x-api-key": key}
    check(client.get("/transcripts/ep_none", params={"wait": wait}, headers=headers), "validation_error")


def test_other_numbers_and_flags(client: httpx.Client, key: str) -> None:
    headers = {"x-api-key": key}
    check(
        client.get("/transcripts/ep_none", params={"download": "maybe"}, headers=headers), "validation_error"
    )
    check(client.get("/transcripts/ep_none", params={"format": "-1"}, headers=headers))
    check(client.get("/transcripts/-1", headers=headers), "validation_error")
    check(client.get("/transcripts/ep_none/search", params={"q": ""}, headers=headers))


def test_many_and_repeated_query_parameters(client: httpx.Client, stack: Stack) -> None:
    check(client.get("/v1/lookups/lk_none?" + "&".join(f"p{i}=1" for i in range(2000))), "not_found")
    check(client.get("/v1/lookups/lk_none?" + "wait=0&" * 2000), "not_found", "validation_error")
    check(client.get("/v1/episodes/by-url", params={"url": "https://e.test/" + "a" * 60_000}))
    past_the_parser = "&".join(f"p{i}=1" for i in range(30_000)).encode()  # a request line of ~250 kB
    assert typed_4xx(*raw(stack, get(b"/v1/lookups/lk_none?" + past_the_parser)), "invalid_request")


@pytest.mark.parametrize(
    "path",
    [
        b"/v1/lookups/%ff%fe",
        b"/v1/episodes/%c0%af",
        b"/v1/episodes/a%00b",
        b"/v1/episodes/by-url?url=%ff%fe",
        b"/v1/lookups/lk_none?wait=%ff",
        b"/transcripts/%ed%a0%80",
        b"/transcripts?url=http%3A%2F%2F%ff&wait=10",  # a lookup of "http://\ufffd": waited for, it fails
        b"/%ff/%fe",
    ],
)
def test_invalid_utf8_percent_encoded(stack: Stack, key: str, path: bytes) -> None:
    assert typed_4xx(*raw(stack, get(path, b"x-api-key: " + key.encode())))


@pytest.mark.parametrize(
    "request_bytes",
    [
        get(b"/v1/lookups/\xff\xfe"),
        get(b"/v1/episodes/by-url?url=\xff\xfe"),
        get(b"/v1/lookups/" + b"a" * 200_000),
        b"\x16\x03\x01\x00\xa5\x01\x00\x00\xa1\x03\x03\r\n\r\n",  # a TLS hello on the plain port
        b"GET / HTTP/9.9\r\n\r\n",
    ],
)
def test_bytes_that_are_not_http(stack: Stack, request_bytes: bytes) -> None:
    assert typed_4xx(*raw(stack, request_bytes), "invalid_request")


def test_the_api_still_answers(client: httpx.Client) -> None:
    """After all of the above, the same processes serve ordinary requests."""
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200


def test_error_codes_do_not_depend_on_what_the_request_says(client: httpx.Client) -> None:
    # A missing parameter is a validation error, whatever words ("malformed") the rest of the query holds.
    response = client.get("/v1/episodes/by-url", params={"note": "malformed response"})
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert "url" in response.json()["message"]
