"""Format negotiation, rendering, ETags and download names."""

from __future__ import annotations

import json

import pytest

from podgist.errors import ValidationFailed
from podgist.formats import (
    CONTENT_TYPES,
    Format,
    content_disposition,
    etag,
    etag_matches,
    negotiate,
    render,
    slug,
)
from podgist.models import Episode, Segment, Speaker, Transcript


def episode() -> Episode:
    segments = [
        Segment(id=0, start=0.0, end=4.0, text="Welcome to the show.", speaker="Alice Host"),
        Segment(id=1, start=4.5, end=9.0, text="Thanks for having me.", speaker="Bob Guest"),
        Segment(id=2, start=3725.0, end=3730.0, text="One more thing, an hour in.", speaker="Bob Guest"),
    ]
    return Episode(
        id="ep_fmt",
        title="Bread & Butter: Part 1!",
        show="Kitchen Talk",
        published="2026-11-03T10:00:00Z",
        transcript=Transcript(source="publisher:vtt", segments=segments, language="en"),
        speakers=[Speaker(name="Alice Host", role="host")],
    )


@pytest.mark.parametrize(
    ("accept", "param", "expected"),
    [
        (None, None, Format.MARKDOWN),
        ("*/*", None, Format.MARKDOWN),
        ("image/png", None, Format.MARKDOWN),
        ("application/json", None, Format.JSON),
        ("text/vtt", None, Format.VTT),
        ("application/x-subrip", None, Format.SRT),
        ("text/plain", None, Format.TXT),
        ("text/plain;q=0.5, application/json;q=0.9", None, Format.JSON),
        ("text/vtt, text/plain", None, Format.VTT),
        ("application/json;q=0", None, Format.MARKDOWN),
        ("application/json", "srt", Format.SRT),
        (None, "MD", Format.MARKDOWN),
        (None, "text", Format.TXT),
    ],
)
def test_negotiate(accept: str | None, param: str | None, expected: Format) -> None:
    assert negotiate(accept, param) is expected


def test_unknown_format_is_a_validation_error() -> None:
    with pytest.raises(ValidationFailed, match="docx"):
        negotiate(None, "docx")


def test_markdown_shape_line_by_line() -> None:
    assert render(episode(), Format.MARKDOWN).decode().split("\n") == [
        "# Bread & Butter: Part 1!",
        "Kitchen Talk · 2026-11-03",
        "Speakers: Alice Host, Bob Guest",
        "",
        "**Alice Host** (0:00)",
        "Welcome to the show.",
        "",
        "**Bob Guest** (0:04)",
        "Thanks for having me. One more thing, an hour in.",
        "",
    ]


def test_json_has_segments_and_insights_fields() -> None:
    doc = json.loads(render(episode(), Format.JSON))
    assert doc["episodeId"] == "ep_fmt"
    assert [s["id"] for s in doc["segments"]] == [0, 1, 2]
    assert doc["segments"][2]["start"] == 3725.0
    assert doc["source"] == "publisher:vtt" and doc["language"] == "en"


def test_caption_formats() -> None:
    vtt = render(episode(), Format.VTT).decode()
    assert vtt.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Alice Host>Welcome to the show.\n")
    assert "01:02:05.000 --> 01:02:10.000\n<v Bob Guest>One more thing, an hour in." in vtt
    srt = render(episode(), Format.SRT).decode()
    assert srt.startswith("1\n00:00:00,000 --> 00:00:04,000\nAlice Host: Welcome to the show.\n\n2\n")
    assert "3\n01:02:05,000 --> 01:02:10,000\nOne more thing, an hour in." in srt
    txt = render(episode(), Format.TXT).decode().split("\n")
    assert txt[3:6] == ["", "[0:00] Alice Host: Welcome to the show.", ""]
    assert txt[6] == "[0:04] Bob Guest: Thanks for having me. One more thing, an hour in."
    assert CONTENT_TYPES[Format.SRT] == "application/x-subrip"


def test_etags_differ_by_body_and_match_if_none_match() -> None:
    md, js = render(episode(), Format.MARKDOWN), render(episode(), Format.JSON)
    assert etag(md) != etag(js) and etag(md) == etag(md)
    tag = etag(md)
    assert etag_matches(tag, tag)
    assert etag_matches(f'"other", W/{tag}', tag)
    assert etag_matches("*", tag)
    assert not etag_matches('"other"', tag)
    assert not etag_matches(None, tag)
    # weak comparison, as If-None-Match wants: a gzipped copy's W/ ETag revalidates the plain one's
    assert etag_matches('W/"abc"', '"abc"') and etag_matches('"abc"', 'W/"abc"')
    assert etag_matches('"x", W/"abc"', 'W/"abc"')
    assert not etag_matches('"abcd"', 'W/"abc"') and not etag_matches('W/"abc"', '"abcd"')


def test_download_names() -> None:
    ep = episode()
    assert slug(ep) == "bread-butter-part-1"
    assert content_disposition(ep, Format.MARKDOWN, False) is None
    assert content_disposition(ep, Format.MARKDOWN, True) == 'attachment; filename="bread-butter-part-1.md"'
    assert content_disposition(ep, Format.VTT, False) == 'attachment; filename="bread-butter-part-1.vtt"'
