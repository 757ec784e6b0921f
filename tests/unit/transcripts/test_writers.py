"""Writers: exact shapes, and what our own parsers read back."""

from __future__ import annotations

from podgist.models import Episode, Segment, Speaker, Transcript
from podgist.transcripts import parse_transcript, to_markdown, to_srt, to_txt, to_vtt

SEGMENTS = [
    Segment(id=0, start=0.0, end=2.5, text="Hi & <welcome>", speaker="Ana"),
    Segment(id=1, start=2.5, end=4.0, text="to the show.", speaker="Ana"),
    Segment(id=2, start=3725.25, end=3730.0, text="Thanks --> Ana.", speaker="Ben"),
]


def _episode(segments: list[Segment], **extra: object) -> Episode:
    return Episode(
        id="e1", title="Pilot", transcript=Transcript(source="publisher:vtt", segments=segments), **extra
    )  # type: ignore[arg-type]


def test_to_vtt_shape_and_escaping() -> None:
    assert (
        to_vtt(SEGMENTS[:1]) == "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\n<v Ana>Hi &amp; &lt;welcome&gt;\n"
    )


def test_to_srt_labels_speaker_changes() -> None:
    assert to_srt(SEGMENTS) == (
        "1\n00:00:00,000 --> 00:00:02,500\nAna: Hi & <welcome>\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nto the show.\n\n"
        "3\n01:02:05,250 --> 01:02:10,000\nBen: Thanks --> Ana.\n"
    )


def test_writers_read_back() -> None:
    for body, hint in ((to_vtt(SEGMENTS), "vtt"), (to_srt(SEGMENTS), "srt")):
        again = parse_transcript(body.encode(), hint=hint).segments
        assert [(s.text, s.start, s.end, s.speaker) for s in again] == [
            (s.text, s.start, s.end, s.speaker) for s in SEGMENTS
        ]


def test_to_markdown_exact_shape() -> None:
    episode = _episode(
        SEGMENTS, show="Daily", published="Tue, 02 Jan 2024 10:00:00 +0000", speakers=[Speaker(name="Ana")]
    )
    assert to_markdown(episode) == (
        "# Pilot\nDaily · 2024-01-02\nSpeakers: Ana, Ben\n\n"
        "**Ana** (0:00)\nHi & <welcome> to the show.\n\n"
        "**Ben** (1:02:05)\nThanks --> Ana.\n"
    )


def test_to_markdown_without_show_date_or_speakers() -> None:
    segments = [Segment(id=0, start=61.0, end=62.0, text="Alone.")]
    assert to_markdown(_episode(segments)) == "# Pilot\n\n(1:01)\nAlone.\n"


def test_to_markdown_untimed_and_markdown_reads_it_back() -> None:
    segments = [
        Segment(id=0, start=0, end=0, text="One.", speaker="Ana"),
        Segment(id=1, start=0, end=0, text="Two.", speaker="Ben"),
    ]
    body = to_markdown(_episode(segments, published="2024-03-05T08:00:00Z"))
    assert body == "# Pilot\n2024-03-05\nSpeakers: Ana, Ben\n\n**Ana**\nOne.\n\n**Ben**\nTwo.\n"
    parsed = parse_transcript(body.encode(), hint="markdown")
    assert [(s.speaker, s.text) for s in parsed.segments] == [("Ana", "One."), ("Ben", "Two.")]


def test_unnamed_segments_become_paragraphs_not_one_turn() -> None:
    long = " ".join(["word"] * 80) + "."
    segments = [Segment(id=i, start=i * 10.0, end=i * 10.0 + 9, text=long) for i in range(3)]
    assert to_txt(_episode(segments)).split("\n\n")[1:] == [
        f"[0:00] {long}",
        f"[0:10] {long}",
        f"[0:20] {long}\n",
    ]


def test_to_txt_reads_back_as_timed_text() -> None:
    parsed = parse_transcript(to_txt(_episode(SEGMENTS)).encode(), hint="text")
    assert [(s.speaker, s.start) for s in parsed.segments[1:]] == [("Ana", 0.0), ("Ben", 3725.0)]
