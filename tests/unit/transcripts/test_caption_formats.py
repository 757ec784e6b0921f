"""SRT, SBV and YouTube caption tracks on small hand-written files."""

from __future__ import annotations

import json

import pytest

from podgist.errors import TranscriptInvalid
from podgist.transcripts import parse_transcript, sbv, srt, youtube
from podgist.transcripts.segments import make_segments


def test_srt_sloppy_numbering_dot_millis_and_missing_blank_lines() -> None:
    text = (
        "7\n00:00:01,000 --> 00:00:02.500\nfirst line\nsecond line\n3\n"
        "01:00:00,5 --> 01:00:01,250\n<i>third</i>\n\n\n00:00:09,000 --> 00:00:10,000\n"
        "42\n"
    )
    segments = srt.parse(text)
    assert [(s.start, s.end, s.text) for s in segments] == [
        (1.0, 2.5, "first line second line"),
        (3600.5, 3601.25, "third"),
        (9.0, 10.0, "42"),
    ]


def test_srt_speaker_prefixes_carry_to_following_cues() -> None:
    text = (
        "1\n00:00:00,000 --> 00:00:01,000\nTravis: When you\n\n2\n"
        "00:00:01,000 --> 00:00:02,000\nstart out\n\n3\n00:00:02,000 --> 00:00:03,000\n"
        "Sarah: Right.\n"
    )
    assert [(s.speaker, s.text) for s in srt.parse(text)] == [
        ("Travis", "When you"),
        ("Travis", "start out"),
        ("Sarah", "Right."),
    ]


@pytest.mark.parametrize(
    "texts",
    [
        ["Host: Hello there.", "Guest:", "Guest: Hi, thanks.", "And more."],
        ["Host: Fish &amp; chips?", "Guest: Yes.", "", "Host:  Two   spaces."],
        ["plain", "lines", "only"],
        ["plain", "", "lines after an empty cue", "  spaced   out  "],  # no speakers, one cue empty
    ],
)
def test_srt_block_path_gives_the_item_path_segments(texts: list[str]) -> None:
    """Files of well-formed blocks take a faster path; it must give what the cue-by-cue path gives."""
    blocks = [
        f"{n + 1}\n00:00:{n:02d},000 --> 00:00:{n + 1:02d},500\n{text}".rstrip("\n")
        for n, text in enumerate(texts)
    ]
    text = "\n\n".join(blocks) + "\n"
    assert srt.parse(text) == make_segments(srt.cue_items(srt.raw_cues(text)), what="SRT file")


def test_srt_single_note_prefix_is_not_a_speaker() -> None:
    text = (
        "1\n00:00:00,000 --> 00:00:01,000\nRemember: this is text\n\n2\n00:00:01,000 --> 00:00:02,000\nmore\n"
    )
    assert [(s.speaker, s.text) for s in srt.parse(text)] == [
        (None, "Remember: this is text"),
        (None, "more"),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "1\r\n00:00:01,000 --> 00:00:02,000\r\nhé\r\n".encode("utf-16"),
        "1\n00:00:01,000 --> 00:00:02,000\nhé\n".encode("utf-16-le"),
        b"\xef\xbb\xbf1\n00:00:01,000 --> 00:00:02,000\nh\xc3\xa9\n",
        "1\n00:00:01,000 --> 00:00:02,000\nhé\n".encode("cp1252"),
    ],
)
def test_srt_encodings(body: bytes) -> None:
    parsed = parse_transcript(body, url="https://x.test/a.srt")
    assert parsed.format == "srt"
    assert [(s.start, s.text) for s in parsed.segments] == [(1.0, "hé")]


def test_srt_without_cues_is_invalid() -> None:
    with pytest.raises(TranscriptInvalid):
        srt.parse("1\nhello\n")


def test_sbv_cues() -> None:
    text = "0:00:00.378,0:00:11.378\nCaption one\n\n1:00:13.489,1:00:15.489\nline 1\nline 2\n"
    assert sbv.looks_like(text)
    assert [(s.start, s.end, s.text) for s in sbv.parse(text)] == [
        (0.378, 11.378, "Caption one"),
        (3613.489, 3615.489, "line 1 line 2"),
    ]


def test_youtube_timedtext_xml_both_shapes() -> None:
    srv1 = (
        '<?xml version="1.0"?><transcript>'
        '<text start="1.5" dur="2">it&amp;#39;s &lt;b&gt;fine&lt;/b&gt;</text>'
        '<text start="4" dur="1"></text></transcript>'
    )
    assert [(s.start, s.end, s.text) for s in youtube.parse_xml(srv1)] == [(1.5, 3.5, "it's fine")]
    srv3 = (
        '<timedtext format="3"><body><p t="1000" d="1500">hello <s>world</s></p>'
        '<p t="2500" d="500">hello world</p></body></timedtext>'
    )
    assert [(s.start, s.end, s.text) for s in youtube.parse_xml(srv3)] == [(1.0, 2.5, "hello world")]


def test_youtube_json3_drops_append_events_and_rolling_growth() -> None:
    doc = {
        "events": [
            {"tStartMs": 0, "dDurationMs": 1000, "segs": [{"utf8": "we are"}]},
            {"tStartMs": 900, "dDurationMs": 10, "aAppend": 1, "segs": [{"utf8": "\n"}]},
            {"tStartMs": 1000, "dDurationMs": 2000, "segs": [{"utf8": "we are"}, {"utf8": " here now"}]},
            {"tStartMs": 3000},
        ]
    }
    parsed = parse_transcript(json.dumps(doc).encode(), content_type="application/json")
    assert parsed.format == "youtube-json3"
    assert [(s.start, s.end, s.text) for s in parsed.segments] == [
        (0.0, 1.0, "we are"),
        (1.0, 3.0, "here now"),
    ]


def test_youtube_broken_xml_is_invalid() -> None:
    with pytest.raises(TranscriptInvalid):
        youtube.parse_xml("<transcript><text start='1'>unclosed")
