"""Hypothesis properties of the transcript parsers on hostile, *shaped* input: JSON documents with the keys
the readers look for, nested past the decoder's stack, markup with timestamps and labels, cue blocks with
impossible clocks, every hint/content type/URL a caller may pass, and uploaded cues with NaN times.

``tests/unit/transcripts/test_detect_properties.py`` covers arbitrary text and bytes; these reach the
deeper paths. Only :class:`PodgistError` may leave a parser, and what comes back must be usable.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from podgist.errors import PodgistError, ValidationFailed
from podgist.models import Segment, UploadedCue, UploadedTranscript
from podgist.sources.ytupload import uploaded_transcript
from podgist.transcripts import html, markdown, p20json, parse_transcript, sbv, srt, text, vtt, youtube
from podgist.transcripts.decode import decode_body
from podgist.transcripts.detect import FORMATS
from podgist.transcripts.normalize import normalize
from podgist.transcripts.segments import plausible
from podgist.transcripts.writers import to_srt, to_vtt
from tests.hostile.strategies import PAGE_TAGS, dump, element, json_objects, json_text, json_values, urls

pytestmark = pytest.mark.faults

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def only_typed(parse: Callable[[str], Any], body: str) -> Any:
    """The parser's result, or None when it refused with a typed error."""
    try:
        return parse(body)
    except PodgistError:
        return None


def check_segments(result: Any) -> None:
    """Whatever a parser returns is usable: text in every segment, plausible times, and the API can write
    it back out. (An end before its start is passed on as written, as WebVTT parsing does.)"""
    if result is None:
        return
    segments: list[Segment] = result[0] if isinstance(result, tuple) else result
    assert segments
    for seg in segments:
        assert seg.text.strip(), seg
        assert plausible(seg.start) and plausible(seg.end), seg
    to_srt(segments)
    to_vtt(normalize(segments))


# --- JSON formats -----------------------------------------------------------------------------------
segment_objects = st.fixed_dictionaries(
    {},
    optional={
        "startTime": json_values,
        "endTime": json_values,
        "body": json_values | st.text(max_size=40),
        "speaker": json_values,
    },
)
p20_documents = st.one_of(
    json_text,
    st.lists(segment_objects, max_size=12).map(lambda segs: dump({"segments": segs})),
    json_values.map(lambda v: dump({"segments": v})),
)
json3_events = st.fixed_dictionaries(
    {},
    optional={
        "tStartMs": json_values,
        "dDurationMs": json_values,
        "segs": st.lists(st.fixed_dictionaries({}, optional={"utf8": json_values}) | json_values, max_size=4),
    },
)
json3_documents = st.one_of(
    json_text,
    st.lists(json3_events | json_values, max_size=12).map(lambda events: dump({"events": events})),
    json_objects.map(dump),
)


@FAST
@given(p20_documents)
def test_podcasting20_json(body: str) -> None:
    check_segments(only_typed(p20json.parse, body))


@FAST
@given(json3_documents)
def test_youtube_json3(body: str) -> None:
    check_segments(only_typed(youtube.parse_json3, body))


# --- markup formats ---------------------------------------------------------------------------------
@FAST
@given(element(["transcript", "text", "timedtext", "body", "p", "s", "br", "font"]))
def test_youtube_timedtext_xml(body: str) -> None:
    check_segments(only_typed(youtube.parse_xml, body))
    check_segments(only_typed(youtube.parse_xml, '<!DOCTYPE t [<!ENTITY e "x">]>' + body))


@FAST
@given(element(PAGE_TAGS))
def test_html_transcripts(body: str) -> None:
    check_segments(only_typed(html.parse, body))


stamps = st.one_of(
    st.from_regex(r"\A\d{1,3}:\d{1,3}(:\d{1,3})?([.,]\d{1,4})?\Z"),
    st.sampled_from(["99:99:99.999", "0:00", "-1:00", "1e9:00", "00:00:00,000", "٣:٤٥"]),
    st.just("9" * 400 + ":00:00"),  # an hour count past any float
)
labels = st.sampled_from(
    ["**Alice:** ", "**Bob** (0:01) ", "Alice: ", "[00:01] ", "\\[12:00\\] ", "- ", "# "]
)
text_lines = st.lists(
    st.tuples(labels | st.just(""), stamps | st.just(""), st.text(max_size=40)).map(lambda t: " ".join(t)),
    max_size=15,
).map("\n\n".join)


@FAST
@given(text_lines)
def test_markdown_and_plain_text(body: str) -> None:
    check_segments(only_typed(markdown.parse, body))
    check_segments(only_typed(text.parse, body))


# --- cue formats ------------------------------------------------------------------------------------
clock = st.one_of(
    stamps,
    st.builds(
        lambda h, m, s, ms, sep: f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}",
        st.integers(0, 10**6) | st.integers(0, 10**400),  # hundreds of digits: past any float
        st.integers(0, 99),
        st.integers(0, 99),
        st.integers(0, 9999),
        st.sampled_from([".", ","]),
    ),
)
cue = st.builds(
    lambda ident, a, arrow, b, settings_, body: f"{ident}\n{a}{arrow}{b}{settings_}\n{body}",
    st.sampled_from(["", "1", "-1", "NOTE", "STYLE", "REGION", "intro"]),
    clock,
    st.sampled_from([" --> ", "-->", " -> ", ","]),
    clock,
    st.sampled_from(["", " line:0", " position:200% align:nope", " region:r1 size:-5%", " line:-1,end"]),
    st.text(max_size=30) | st.sampled_from(["<v Alice>hi</v>", "<c.x>hey", "<00:00:01.000>tick", "&amp;"]),
)
cue_files = st.builds(
    lambda head, cues: head + "\n\n".join(cues),
    st.sampled_from(["", "WEBVTT\n\n", "WEBVTT - x\nRegion: id=r1\n\n", "\ufeffWEBVTT\n\n"]),
    st.lists(cue, max_size=10),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cue_files)
def test_caption_cue_files(body: str) -> None:
    for parse in (vtt.parse, srt.parse, sbv.parse):
        check_segments(only_typed(parse, body))
        check_segments(only_typed(parse, body.replace(" --> ", ",")))


# --- the entry point with every argument hostile -----------------------------------------------------
@FAST
@given(
    st.one_of(st.binary(max_size=300), cue_files.map(str.encode), p20_documents.map(str.encode)),
    st.none() | st.sampled_from(FORMATS) | st.text(max_size=12),
    st.none() | st.sampled_from(["text/vtt", "application/json", "image/png", "text/html; charset=klingon"]),
    st.none() | urls,
)
def test_parse_transcript_with_every_argument_hostile(
    body: bytes, hint: str | None, content_type: str | None, url: str | None
) -> None:
    try:
        parsed = parse_transcript(body, hint=hint, content_type=content_type, url=url)
    except PodgistError:
        return
    assert parsed.format in FORMATS and parsed.segments
    check_segments(parsed.segments)


@FAST
@given(
    st.sampled_from(
        [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff", b"\x89PNG", b"ID3"]
    ),
    st.binary(max_size=300),
)
def test_decode_body(prefix: bytes, body: bytes) -> None:
    try:
        decoded = decode_body(prefix + body)
    except PodgistError:
        return
    assert isinstance(decoded, str)


floats = st.floats(allow_nan=True, allow_infinity=True)
uploads = st.builds(
    UploadedTranscript,
    video_id=st.sampled_from(["dQw4w9WgXcQ", "other", ""]),
    cues=st.lists(st.builds(UploadedCue, start=floats, end=floats, text=st.text(max_size=30)), max_size=20),
)


@FAST
@given(uploads)
def test_uploaded_captions(upload: UploadedTranscript) -> None:
    try:
        transcript = uploaded_transcript(upload, "dQw4w9WgXcQ")
    except ValidationFailed:
        assert upload.video_id != "dQw4w9WgXcQ"
        return
    except PodgistError:
        return
    check_segments(transcript.segments)
