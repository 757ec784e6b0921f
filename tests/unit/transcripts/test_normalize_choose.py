"""normalize (caption fragments into sentences) and choose_transcript (best feed transcript)."""

from __future__ import annotations

from podgist.models import Segment
from podgist.transcripts import TranscriptLink, choose_transcript, normalize, rank_transcripts


def seg(i: int, start: float, end: float, text: str, speaker: str | None = None) -> Segment:
    return Segment(id=i, start=start, end=end, text=text, speaker=speaker)


def test_fragments_merge_into_sentences_with_exact_times() -> None:
    out = normalize(
        [seg(0, 1.0, 2.0, "so this  is"), seg(1, 2.0, 3.5, "a sentence."), seg(2, 3.5, 4.0, "Next")]
    )
    assert [(s.id, s.start, s.end, s.text) for s in out] == [
        (0, 1.0, 3.5, "so this is a sentence."),
        (1, 3.5, 4.0, "Next"),
    ]


def test_a_cue_ending_before_its_start_ends_where_it_starts() -> None:
    out = normalize([seg(0, 5.0, 4.0, "Backwards."), seg(1, 6.0, 7.0, "Fine.")])
    assert [(s.start, s.end) for s in out] == [(5.0, 5.0), (6.0, 7.0)]
    merged = normalize([seg(0, 8.0, 2.0, "one"), seg(1, 8.5, 1.0, "two.")])
    assert [(s.start, s.end, s.text) for s in merged] == [(8.0, 8.0, "one two.")]


def test_never_merges_across_speakers_or_turn_markers() -> None:
    out = normalize(
        [
            seg(0, 0, 1, "well", "Ana"),
            seg(1, 1, 2, "yes", "Ben"),
            seg(2, 2, 3, "- and"),
            seg(3, 3, 4, ">> so"),
        ]
    )
    assert [(s.speaker, s.text) for s in out] == [
        ("Ana", "well"),
        ("Ben", "yes"),
        (None, "and"),
        (None, "so"),
    ]


def test_limits_on_seconds_and_words() -> None:
    many = [seg(i, i * 10.0, i * 10.0 + 10, "more words here") for i in range(5)]
    assert [(s.start, s.end) for s in normalize(many)] == [(0.0, 30.0), (30.0, 50.0)]
    wordy = [seg(i, i, i + 1, " ".join(["w"] * 25)) for i in range(3)]
    assert len(normalize(wordy)) == 2


def test_drops_empty_and_rolling_repeats_but_keeps_real_repeats() -> None:
    out = normalize(
        [
            seg(0, 0, 2, "Yeah."),
            seg(1, 1.5, 2.5, "Yeah."),
            seg(2, 2.5, 2.51, "Yeah."),
            seg(3, 3, 4, " "),
            seg(4, 4, 5, "Yeah."),
        ]
    )
    assert [(s.start, s.end, s.text) for s in out] == [(0, 2.51, "Yeah."), (4, 5, "Yeah.")]


def test_choose_prefers_language_then_non_captions_then_timed_formats() -> None:
    links = [
        TranscriptLink(url="https://x.test/t.txt", type="text/plain", language="en"),
        TranscriptLink(url="https://x.test/t.html", type="text/html", language="en"),
        TranscriptLink(url="https://x.test/c.vtt", type="text/vtt", language="en", rel="captions"),
        TranscriptLink(url="https://x.test/t.srt", type="application/x-subrip", language="en-US"),
        TranscriptLink(url="https://x.test/de.json", type="application/json", language="de"),
        TranscriptLink(url="https://x.test/t.json", language=None),
    ]
    ranked = [link.url.rsplit("/", 1)[1] for link in rank_transcripts(links, "en")]
    assert ranked == ["t.srt", "t.html", "t.txt", "c.vtt", "t.json", "de.json"]
    assert choose_transcript(links, "de") == links[4]
    assert choose_transcript([], "en") is None
