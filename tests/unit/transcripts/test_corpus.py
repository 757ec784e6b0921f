"""Every corpus transcript parses (or, when deliberately broken, fails with a typed error), and every
real one survives parse → write → parse with text, times (to the millisecond) and VTT speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

from podgist.errors import PodgistError, TranscriptInvalid
from podgist.models import Segment
from podgist.transcripts import normalize, parse_transcript, to_srt, to_vtt
from tests.corpus import corpus_path, corpus_root

pytestmark = pytest.mark.corpus

# Deliberately broken files with no usable cue at all.
BROKEN = {
    "transcripts/vtt/webvtt-py/empty.vtt",
    "transcripts/vtt/webvtt-py/no_captions.vtt",
    "transcripts/srt/webvtt-py/invalid_format1.srt",
    "transcripts/srt/webvtt-py/invalid_format2.srt",
    "transcripts/srt/webvtt-py/invalid_format3.srt",
    "transcripts/srt/webvtt-py/invalid_format4.srt",
    "youtube/sbv/invalid_format.sbv",
}


def _files(*patterns: str) -> list[str]:
    root = corpus_root()
    if root is None:
        return ["<corpus missing>"]
    found = {str(p.relative_to(root)) for pattern in patterns for p in root.glob(pattern) if p.is_file()}
    return sorted(found) or ["<corpus missing>"]


ALL = _files(
    "transcripts/**/*", "long/*.vtt", "long/*.srt", "long/*.md", "youtube/captions-vtt/*", "youtube/sbv/*"
)
REAL = [name for name in _files("transcripts/**/*", "long/*.vtt", "long/*.srt") if name not in BROKEN]


def _parse(name: str) -> list[Segment]:
    path = corpus_path(*name.split("/"))
    return parse_transcript(path.read_bytes(), url=path.name).segments


@pytest.mark.parametrize("name", ALL)
def test_every_corpus_file_parses_or_fails_typed(name: str) -> None:
    path = corpus_path(*name.split("/"))
    if name in BROKEN:
        with pytest.raises(TranscriptInvalid):
            parse_transcript(path.read_bytes(), url=path.name)
        return
    try:
        parsed = parse_transcript(path.read_bytes(), url=path.name)
    except PodgistError as exc:  # pragma: no cover - the assertion below reports it
        pytest.fail(f"{name}: {exc.code}: {exc.message}")
    assert parsed.segments
    assert [s.id for s in parsed.segments] == list(range(len(parsed.segments)))
    assert all(s.text and s.text == " ".join(s.text.split()) for s in parsed.segments)
    assert all(s.start >= 0 and s.end >= 0 for s in parsed.segments)


def _key(seg: Segment, *, speaker: bool) -> tuple[str, int, int, str | None]:
    return seg.text, round(seg.start * 1000), round(seg.end * 1000), seg.speaker if speaker else None


@pytest.mark.parametrize("name", REAL)
def test_round_trip_through_vtt_keeps_every_segment(name: str) -> None:
    segments = _parse(name)
    again = parse_transcript(to_vtt(segments).encode(), hint="vtt").segments
    assert [_key(s, speaker=True) for s in again] == [_key(s, speaker=True) for s in segments]


@pytest.mark.parametrize("name", REAL)
def test_round_trip_through_srt_keeps_every_segment(name: str) -> None:
    segments = _parse(name)
    again = parse_transcript(to_srt(segments).encode(), hint="srt").segments
    assert [_key(s, speaker=False) for s in again] == [_key(s, speaker=False) for s in segments]


def test_gb2312_srt_is_decoded() -> None:
    segments = _parse("transcripts/srt/srt/gb2312.srt")
    assert segments[0].text.startswith("宇宙守护神")
    assert (segments[0].start, segments[0].end) == (27.0, 30.73)


def test_publisher_formats_agree_on_speakers() -> None:
    html = parse_transcript(corpus_path("transcripts", "podcast-namespace", "example.html").read_bytes())
    srt = parse_transcript(corpus_path("transcripts", "podcast-namespace", "example.srt").read_bytes())
    assert (html.format, srt.format) == ("html", "srt")
    assert html.speakers == srt.speakers == ["Travis", "Sarah", "Gilon"]
    assert html.timed and srt.timed


def test_markdown_long_file_has_speakers_and_sparse_times() -> None:
    parsed = parse_transcript(corpus_path("long", "gotime-300.md").read_bytes(), url="gotime-300.md")
    assert parsed.format == "markdown" and not parsed.timed
    assert len(parsed.speakers) >= 2
    starts = [s.start for s in parsed.segments]
    assert starts == sorted(starts) and starts[-1] > 3600


def test_long_vtt_normalizes_to_fewer_readable_segments() -> None:
    segments = _parse("long/harmontown-87.vtt")
    merged = normalize(segments)
    assert 0 < len(merged) < len(segments)
    assert " ".join(s.text for s in merged).split() == " ".join(s.text for s in segments).split()
    assert all(s.end - s.start <= 30.0 + 1e-9 or len(s.text.split()) <= 60 for s in merged)


def test_text_and_vtt_of_one_episode_share_their_start_times() -> None:
    text = parse_transcript(corpus_path("transcripts", "txt", "talkpython-402-polars.txt").read_bytes())
    vtt = parse_transcript(corpus_path("transcripts", "vtt", "talkpython-402-polars.vtt").read_bytes())
    assert text.format == "text" and text.timed
    assert {round(s.start) for s in text.segments} <= {round(s.start) for s in vtt.segments} | {
        round(s.start) + 1 for s in vtt.segments
    } | {round(s.start) - 1 for s in vtt.segments}


def test_youtube_caption_xml_sample() -> None:
    parsed = parse_transcript(Path(corpus_path("youtube", "innertube", "transcript.xml")).read_bytes())
    assert parsed.format == "youtube-xml"
    assert [s.text for s in parsed.segments] == [
        "Hey, this is just a test",
        "this is not the original transcript",
        "just something shorter, I made up for testing",
    ]
