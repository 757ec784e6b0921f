"""Probing and ranged decoding of real audio files (wav, mp3, ogg) and refusal of everything else."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from podgist.asr.audio import SAMPLE_RATE, decode_range, probe_audio
from podgist.errors import AudioInvalid
from tests.speech import Speech, non_audio_file, truncated_copy

pytestmark = [pytest.mark.asr, pytest.mark.usefixtures("asr_ready")]


def formats(talk: Speech) -> list[Path]:
    return [p for p in (talk.wav, talk.mp3, talk.ogg) if p is not None]


def test_sox_wrote_the_compressed_copies(talk: Speech) -> None:
    assert talk.mp3 is not None and talk.ogg is not None


def test_probe_measures_duration_of_every_format(talk: Speech) -> None:
    for path in formats(talk):
        info = probe_audio(path)
        # mp3 frames pad the end a little; every format is within a tenth of a second of the wav.
        assert info.duration == pytest.approx(talk.duration, abs=0.15), path.suffix
        assert info.sample_rate == SAMPLE_RATE and info.channels == 1


def test_whole_decode_matches_duration(talk: Speech) -> None:
    samples = decode_range(talk.wav, 0.0)
    assert samples.dtype == np.float32 and samples.ndim == 1
    assert len(samples) == round(talk.duration * SAMPLE_RATE)
    assert 0.01 < float(np.abs(samples).max()) <= 1.0


@pytest.mark.parametrize("start,end", [(0.0, 1.0), (0.3, 2.0), (10.0, 12.5), (20.01, 30.0), (33.0, None)])
def test_range_equals_the_same_slice_of_a_full_decode(talk: Speech, start: float, end: float | None) -> None:
    for path in formats(talk):
        full = decode_range(path, 0.0)
        part = decode_range(path, start, end)
        first = round(start * SAMPLE_RATE)
        expected = full[first : first + round((end - start) * SAMPLE_RATE)] if end else full[first:]
        assert len(part) == len(expected), path.suffix
        np.testing.assert_allclose(part, expected, atol=1e-4, err_msg=path.suffix)


def test_range_past_the_end_is_empty(talk: Speech) -> None:
    assert len(decode_range(talk.wav, talk.duration + 5.0, talk.duration + 10.0)) == 0


@pytest.mark.parametrize("kind", ["html", "random", "empty"])
def test_non_audio_is_refused(speech_dir: Path, kind: str) -> None:
    path = non_audio_file(speech_dir / "junk", kind)
    with pytest.raises(AudioInvalid) as caught:
        probe_audio(path)
    assert caught.value.code == "audio_invalid"


def test_missing_file_is_refused(speech_dir: Path) -> None:
    with pytest.raises(AudioInvalid):
        probe_audio(speech_dir / "does-not-exist.mp3")


def test_download_cut_short_still_decodes_what_arrived(talk: Speech, speech_dir: Path) -> None:
    assert talk.ogg is not None
    half = truncated_copy(talk.ogg, speech_dir / "half.ogg", 0.5)
    probe_audio(half)  # readable: a partial episode is still audio
    decoded = decode_range(half, 0.0)
    assert 0.3 * talk.duration * SAMPLE_RATE < len(decoded) < 0.7 * talk.duration * SAMPLE_RATE
