"""Format detection, and Hypothesis properties: only typed errors ever leave a parser."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podgist.errors import PodgistError, TranscriptInvalid, UnsupportedFormat
from podgist.transcripts import (
    html,
    markdown,
    p20json,
    parse_text,
    parse_transcript,
    sbv,
    srt,
    text,
    vtt,
    youtube,
)

VTT = b"WEBVTT\n\n00:00.000 --> 00:01.000\nhello\n"
SRT = b"1\n00:00:00,000 --> 00:00:01,000\nhello\n"


@pytest.mark.parametrize(
    ("body", "kwargs", "fmt"),
    [
        (VTT, {}, "vtt"),
        (SRT, {"content_type": "text/plain; charset=utf-8"}, "srt"),
        (SRT, {"content_type": "text/vtt"}, "srt"),  # mislabelled: falls back to what it is
        (
            b'{"segments": [{"startTime": 0, "endTime": 1, "body": "hello there you"}]}',
            {"url": "https://a.test/x"},
            "json",
        ),
        (b"<p>hello</p>", {"url": "https://a.test/t.html?x=1"}, "html"),
        (b"hello there", {}, "text"),
        (b"**A:** hi\n\n**B:** yo\n", {}, "markdown"),
        (b"0:00:00.000,0:00:01.000\nhello\n", {}, "sbv"),
        (b'<transcript><text start="0" dur="1">hello</text></transcript>', {}, "youtube-xml"),
        (
            b'{"events": [{"tStartMs": 0, "segs": [{"utf8": "hello"}]}]}',
            {"url": "https://www.youtube.com/api/timedtext?v=x&fmt=json3"},
            "youtube-json3",
        ),
    ],
)
def test_detection(body: bytes, kwargs: dict[str, str], fmt: str) -> None:
    assert parse_transcript(body, **kwargs).format == fmt


@pytest.mark.parametrize(
    ("body", "kwargs"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", {}),
        (b"GIF89a\x01\x00", {}),
        (bytes(range(256)) * 4, {}),
        (VTT, {"content_type": "image/png"}),
        (b'{"items": []}', {}),
        (VTT, {"hint": "klingon"}),
    ],
)
def test_not_a_transcript(body: bytes, kwargs: dict[str, str]) -> None:
    with pytest.raises(UnsupportedFormat):
        parse_transcript(body, **kwargs)


@pytest.mark.parametrize("body", [b"", b"   \n", b"WEBVTT\n", b"WEBVTT\n\n00:00.000 --> 00:01.000\n"])
def test_transcript_without_cues_is_invalid(body: bytes) -> None:
    with pytest.raises(TranscriptInvalid):
        parse_transcript(body)


PARSERS = [
    vtt.parse,
    srt.parse,
    sbv.parse,
    p20json.parse,
    youtube.parse_xml,
    youtube.parse_json3,
    html.parse,
    markdown.parse,
    text.parse,
    parse_text,
]
# Text built from the characters the formats care about, so the parsers' deeper paths are reached.
CAPTION_ALPHABET = st.sampled_from(list("WEBVT0123456789:.,-> \n\r\t<v/c>&;#*[]\\(){}\"'abcAB\0\ufeff"))
caption_text = st.one_of(
    st.text(max_size=300),
    st.text(CAPTION_ALPHABET, max_size=300),
    st.text(CAPTION_ALPHABET, max_size=200).map(lambda s: "WEBVTT\n\n" + s),
    st.text(CAPTION_ALPHABET, max_size=200).map(lambda s: "00:00:01,000 --> 00:00:02,000\n" + s),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(caption_text)
def test_every_parser_raises_only_typed_errors(body: str) -> None:
    for parse in PARSERS:
        with contextlib.suppress(PodgistError):
            parse(body)


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=400),
    st.sampled_from([None, "text/vtt", "application/json", "text/html", "text/plain"]),
)
def test_parse_transcript_on_random_bytes_raises_only_typed_errors(
    body: bytes, content_type: str | None
) -> None:
    try:
        parsed = parse_transcript(body, content_type=content_type)
    except PodgistError:
        return
    assert parsed.segments and all(s.text for s in parsed.segments)
