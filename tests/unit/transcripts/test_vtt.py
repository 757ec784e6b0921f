"""WebVTT: the cue algorithm on small hand-written files, and Segments out of it."""

from __future__ import annotations

import pytest

from podgist.errors import TranscriptInvalid
from podgist.transcripts import vtt


def test_cues_with_ids_settings_hours_and_crlf() -> None:
    text = (
        "\ufeffWEBVTT - title\r\nKind: captions\r\n\r\nintro\r\n"
        "01:02:03.456 --> 01:02:05.000 align:start line:10%\r\n"
        "<v Ana>Hi &amp; welcome</v>\r\n\r\n"
    )
    [cue] = vtt.parse_cues(text)
    assert (cue.id, cue.start, cue.end) == ("intro", 3723.456, 3725.0)
    assert cue.text == "<v Ana>Hi &amp; welcome</v>"
    assert cue.settings == {"align": "start", "line": 10.0, "snapToLines": False}


def test_hourless_timestamps_and_lone_cr() -> None:
    cues = vtt.parse_cues("WEBVTT\r\r00:01.500 --> 00:02.000\rone\r\r59:59.999 --> 60:00:00.000\rtwo")
    assert [(c.start, c.end, c.text) for c in cues] == [(1.5, 2.0, "one"), (3599.999, 216000.0, "two")]


def test_note_style_region_blocks_are_not_cues() -> None:
    text = (
        "WEBVTT\n\nSTYLE\n::cue { color: red }\n\nREGION\nid:r1 width:40%\n\n"
        "NOTE a comment\n--> not a cue\n\n00:00.000 --> 00:01.000 region:r1\ntext\n"
    )
    [cue] = vtt.parse_cues(text)
    assert cue.text == "text" and cue.settings == {"region": 0}


def test_nul_becomes_replacement_character() -> None:
    [cue] = vtt.parse_cues("WEBVTT\n\n00:00.000 --> 00:01.000\na\0b")
    assert cue.text == "a\ufffdb"


def test_bad_timing_skips_only_that_cue() -> None:
    cues = vtt.parse_cues("WEBVTT\n\n00:00.000 --> 00:0x.000\nbad\n\n00:02.000 --> 00:03.000\ngood")
    assert [c.text for c in cues] == ["good"]


@pytest.mark.parametrize("text", ["", "WEBVT", "webvtt\n\n00:00.000 --> 00:01.000\nx", "WEBVTTX\n"])
def test_missing_signature_is_invalid(text: str) -> None:
    with pytest.raises(TranscriptInvalid):
        vtt.parse_cues(text)


def test_segments_take_voices_strip_tags_and_split_two_voices() -> None:
    text = (
        "WEBVTT\n\n00:00.000 --> 00:02.000\n"
        "<v.loud Roger Bingham>We are <i>in</i> <c.yellow>New York</c></v>\n\n"
        "00:02.000 --> 00:04.000\n<v Ana>Hello<00:03.000> there</v>\n<v Ben>Hi\n\n"
        "00:04.000 --> 00:05.000\n<ruby>漢<rt>kan</rt></ruby> &lt;3"
    )
    segments = vtt.parse(text)
    assert [(s.id, s.speaker, s.text, s.start) for s in segments] == [
        (0, "Roger Bingham", "We are in New York", 0.0),
        (1, "Ana", "Hello there", 2.0),
        (2, "Ben", "Hi", 2.0),
        (3, None, "漢 <3", 4.0),
    ]


def test_name_prefixes_become_speakers_when_no_voice_tags() -> None:
    text = (
        "WEBVTT\n\n00:00.000 --> 00:01.000\nAna: Hello\n\n00:01.000 --> 00:02.000\n"
        "there\n\n00:02.000 --> 00:03.000\nBen: Hi\n"
    )
    assert [(s.speaker, s.text) for s in vtt.parse(text)] == [
        ("Ana", "Hello"),
        ("Ana", "there"),
        ("Ben", "Hi"),
    ]


def test_youtube_rolling_auto_captions_lose_their_repeats() -> None:
    text = (
        "WEBVTT\nKind: captions\n\n00:00:00.000 --> 00:00:02.000 align:start position:0%\n"
        "so<00:00:00.500><c> this</c><00:00:01.000><c> is</c>\n\n"
        "00:00:02.000 --> 00:00:02.010 align:start position:0%\nso this is\n\n"
        "00:00:02.010 --> 00:00:04.000 align:start position:0%\nso this is\n"
        "the<00:00:03.000><c> next line</c>\n"
    )
    assert [s.text for s in vtt.parse(text)] == ["so this is", "the next line"]


def test_header_only_file_is_invalid() -> None:
    with pytest.raises(TranscriptInvalid):
        vtt.parse("WEBVTT\n\nNOTE nothing here\n")
