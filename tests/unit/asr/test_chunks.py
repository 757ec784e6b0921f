"""Chunk planning: nominal boundaries, cutting in a pause, and plans over real speech."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from podgist.asr.audio import SAMPLE_RATE, decode_range
from podgist.asr.chunks import nominal_boundaries, plan_chunks, quietest_offset
from tests.speech import Speech


def test_boundaries_every_chunk_with_short_tail_merged() -> None:
    assert nominal_boundaries(35.0, 10.0) == [10.0, 20.0, 30.0]
    assert nominal_boundaries(31.0, 10.0) == [10.0, 20.0]  # a 1 s tail joins the last chunk
    assert nominal_boundaries(601.0, 600.0) == []
    assert nominal_boundaries(10_800.0, 600.0) == [600.0 * k for k in range(1, 18)]


def test_quietest_offset_finds_the_pause() -> None:
    rng = np.random.default_rng(3)
    noise = (0.3 * rng.standard_normal(SAMPLE_RATE * 6)).astype(np.float32)
    noise[int(3.6 * SAMPLE_RATE) : int(4.2 * SAMPLE_RATE)] = 0.0  # a 600 ms pause at 3.6–4.2 s
    assert quietest_offset(noise, target_s=2.0) == pytest.approx(3.9, abs=0.2)


def test_quietest_offset_prefers_the_nominal_point_in_long_silence() -> None:
    silence = np.zeros(SAMPLE_RATE * 8, dtype=np.float32)
    assert quietest_offset(silence, target_s=5.0) == pytest.approx(5.0, abs=0.05)


@pytest.mark.asr
def test_plan_covers_the_file_and_cuts_in_pauses(talk: Speech) -> None:
    chunks = plan_chunks(talk.wav, talk.duration, 10.0)
    assert [c.index for c in chunks] == [0, 1, 2, 3]
    assert chunks[0].start == 0.0 and chunks[-1].end is None
    for before, after in itertools.pairwise(chunks):
        assert before.end == after.start
        assert before.end is not None and abs(before.end - 10.0 * after.index) <= 1.25
    assert plan_chunks(talk.wav, talk.duration, 10.0) == chunks  # deterministic, so resume fits


@pytest.mark.asr
def test_cut_moves_into_the_pause_between_turns(talk: Speech) -> None:
    # With 16 s chunks the search reaches ±2 s, which holds the gap between the third and fourth turns.
    cut = plan_chunks(talk.wav, talk.duration, 16.0)[1].start
    overall = rms(decode_range(talk.wav, 0.0))
    assert rms(decode_range(talk.wav, cut - 0.1, cut + 0.1)) < 0.05 * overall
    assert rms(decode_range(talk.wav, 15.9, 16.1)) > 0.25 * overall  # the exact boundary is mid-word


def rms(samples: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(samples, dtype=np.float64))))
