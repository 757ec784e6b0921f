"""Real speech-to-text with tiny.en on two espeak-ng voices: accuracy, timing, progress and resume."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import jiwer
import pytest

from podgist.asr.lines import MAX_LINE_S
from podgist.asr.transcribe import transcribe_file
from podgist.errors import AudioInvalid
from podgist.models import Segment
from tests.speech import TURN_GAP_S, Speech, non_audio_file
from tests.unit.asr.support import tiny_settings

pytestmark = pytest.mark.asr

MAX_WER = 0.15

Run = tuple[list[Segment], dict[int, list[Segment]], list[float]]


def words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9' ]", " ", text.lower()).split())


def wer(reference: str, segments: list[Segment]) -> float:
    return float(jiwer.wer(words(reference), words(" ".join(s.text for s in segments))))


@pytest.fixture(scope="module")
def whole(talk: Speech) -> list[Segment]:
    """The dialogue transcribed in one chunk."""
    return transcribe_file(talk.wav, tiny_settings())


@pytest.fixture(scope="module")
def chunked(talk: Speech) -> tuple[list[Segment], dict[int, list[Segment]], list[float]]:
    """The dialogue transcribed in 10 s chunks, with what ``on_chunk`` and ``on_progress`` heard."""
    stored: dict[int, list[Segment]] = {}
    progress: list[float] = []
    segments = transcribe_file(
        talk.wav,
        tiny_settings(asr_chunk_seconds=10.0),
        on_chunk=stored.__setitem__,
        on_progress=progress.append,
    )
    return segments, stored, progress


def test_two_voices_are_recognized(talk: Speech, whole: list[Segment]) -> None:
    assert wer(talk.text, whole) <= MAX_WER


@pytest.mark.parametrize("fmt", ["mp3", "ogg"])
def test_compressed_copies_are_recognized(talk: Speech, fmt: str) -> None:
    path = getattr(talk, fmt)
    assert path is not None
    assert wer(talk.text, transcribe_file(path, tiny_settings())) <= MAX_WER


def test_chunked_run_is_as_accurate(talk: Speech, chunked: Run) -> None:
    segments, stored, _ = chunked
    assert wer(talk.text, segments) <= MAX_WER
    assert sorted(stored) == [0, 1, 2, 3]


@pytest.mark.parametrize("run", ["whole", "chunked"])
def test_segment_times_are_ordered_and_inside_the_audio(
    talk: Speech, whole: list[Segment], chunked: Run, run: str
) -> None:
    segments = whole if run == "whole" else chunked[0]
    assert [s.id for s in segments] == list(range(len(segments)))
    assert all(0.0 <= s.start <= s.end <= talk.duration for s in segments)
    starts = [s.start for s in segments]
    assert starts == sorted(starts)
    assert all(a.end <= b.start + 0.5 for a, b in itertools.pairwise(segments))
    # Word timestamps: speech starts at once and stops one turn gap before the end of the file.
    assert segments[0].start < 0.5
    assert segments[-1].end == pytest.approx(talk.duration - TURN_GAP_S, abs=0.6)


def test_lines_are_sentences_not_decoding_windows(talk: Speech, whole: list[Segment]) -> None:
    # Recognition decodes up to 30 s at a time; the transcript is cut back into sentences by word times.
    sentences = len(re.findall(r"[.?!]", talk.text))
    assert len(whole) >= 0.8 * sentences, [s.text for s in whole]
    assert all(s.end - s.start <= MAX_LINE_S for s in whole)
    assert sum(bool(re.search(r"[.?!]$", s.text)) for s in whole) >= 0.8 * len(whole)


def test_chunks_reach_on_chunk_with_absolute_times(chunked: Run) -> None:
    segments, stored, _ = chunked
    assert [s.text for i in sorted(stored) for s in stored[i]] == [s.text for s in segments]
    assert stored[3] and min(s.start for s in stored[3]) > 25.0


def test_progress_increases_to_one(chunked: Run) -> None:
    _, _, progress = chunked
    assert len(progress) >= 4  # at least once per chunk
    assert all(b > a for a, b in itertools.pairwise(progress))
    assert progress[0] > 0.0 and progress[-1] == 1.0


def test_resume_reuses_stored_chunks(talk: Speech, chunked: Run) -> None:
    _, first_run, _ = chunked
    stored = {0: [Segment(id=0, start=0.5, end=4.0, text="Stored words from an earlier run.")]}
    heard: list[int] = []
    segments = transcribe_file(
        talk.wav,
        tiny_settings(asr_chunk_seconds=10.0),
        done_chunks=stored,
        on_chunk=lambda index, _segments: heard.append(index),
    )
    assert heard == [1, 2, 3]  # chunk 0 was not recognized again
    assert segments[0].text == "Stored words from an earlier run."
    assert "welcome" not in words(" ".join(s.text for s in segments))
    rest = [s.text for i in (1, 2, 3) for s in first_run[i]]
    assert [s.text for s in segments[1:]] == rest
    assert [s.id for s in segments] == list(range(len(segments)))


def test_everything_stored_means_nothing_to_recognize(talk: Speech, chunked: Run) -> None:
    _, first_run, _ = chunked
    heard: list[int] = []
    progress: list[float] = []
    segments = transcribe_file(
        talk.wav,
        tiny_settings(asr_chunk_seconds=10.0),
        done_chunks=first_run,
        on_chunk=lambda index, _segments: heard.append(index),
        on_progress=progress.append,
    )
    assert heard == []
    assert [s.text for s in segments] == [s.text for i in sorted(first_run) for s in first_run[i]]
    assert progress[-1] == 1.0


def test_non_audio_is_refused_before_any_recognition(speech_dir: Path, asr_ready: None) -> None:
    page = non_audio_file(speech_dir / "junk", "html")
    heard: list[int] = []
    with pytest.raises(AudioInvalid):
        transcribe_file(page, tiny_settings(), on_chunk=lambda index, _segments: heard.append(index))
    assert heard == []
