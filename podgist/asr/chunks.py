"""Splitting an episode into chunks for speech-to-text, cutting in a pause near each nominal boundary.

Chunks bound the memory of one decode and are the unit of resume: a worker that restarts skips the
chunks it already stored. The plan depends only on the audio and the chunk length, so a re-run with
the same settings lands on the same boundaries and stored chunks fit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from podgist.asr.audio import SAMPLE_RATE, decode_range

MIN_TAIL_FRACTION = 0.25
"""A remainder shorter than this fraction of a chunk joins the previous chunk instead of standing alone."""

MAX_SEARCH_S = 10.0
"""How far either side of a nominal boundary to look for a pause."""

_HOP_S = 0.02  # energy is measured in 20 ms frames…
_WINDOW_FRAMES = 15  # …and smoothed over 300 ms, about a short pause between words
_DISTANCE_WEIGHT = 0.05  # among equally quiet spots, prefer the one nearer the nominal boundary


@dataclass(frozen=True)
class Chunk:
    """One piece of the episode: ``[start, end)`` seconds; ``end`` is None for the last (read to the end)."""

    index: int
    start: float
    end: float | None

    def length(self, duration: float) -> float:
        """Seconds covered, taking the stated ``duration`` as the end of the last chunk."""
        return (self.end if self.end is not None else max(duration, self.start)) - self.start


def nominal_boundaries(duration: float, chunk_seconds: float) -> list[float]:
    """Where chunks would end if cut every ``chunk_seconds`` (a short tail joins the last; ≤ 0: one chunk)."""
    if chunk_seconds <= 0:
        return []
    bounds: list[float] = []
    edge = chunk_seconds
    while duration - edge >= chunk_seconds * MIN_TAIL_FRACTION:
        bounds.append(edge)
        edge += chunk_seconds
    return bounds


def quietest_offset(samples: npt.NDArray[np.float32], target_s: float) -> float:
    """Seconds into ``samples`` at the middle of the quietest ~300 ms, favouring spots near ``target_s``."""
    hop = round(_HOP_S * SAMPLE_RATE)
    frames = len(samples) // hop
    if frames < _WINDOW_FRAMES:
        return target_s
    energy = np.square(samples[: frames * hop].astype(np.float64)).reshape(frames, hop).mean(axis=1)
    smooth = np.convolve(energy, np.ones(_WINDOW_FRAMES) / _WINDOW_FRAMES, mode="valid")
    centres_s = (np.arange(len(smooth)) + _WINDOW_FRAMES / 2) * _HOP_S
    span = max(float(centres_s[-1]), _HOP_S)
    score = smooth / (float(smooth.max()) + 1e-12) + _DISTANCE_WEIGHT * np.abs(centres_s - target_s) / span
    return float(centres_s[int(np.argmin(score))])


def plan_chunks(path: Path, duration: float, chunk_seconds: float) -> list[Chunk]:
    """Chunks covering the whole file, each cut in the quietest spot within reach of its nominal end."""
    search = min(MAX_SEARCH_S, chunk_seconds * MIN_TAIL_FRACTION / 2)
    cuts: list[float] = []
    for nominal in nominal_boundaries(duration, chunk_seconds):
        window_start = nominal - search
        window = decode_range(path, window_start, nominal + search)
        cuts.append(round(window_start + quietest_offset(window, search), 3))
    starts = [0.0, *cuts]
    ends: list[float | None] = [*cuts, None]
    return [Chunk(index=i, start=s, end=e) for i, (s, e) in enumerate(zip(starts, ends, strict=True))]
