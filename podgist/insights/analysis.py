"""The shared analysis every extractive part reads: sentence units, their vectors and salience scores."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from podgist.insights.units import Unit, build_units
from podgist.insights.vectors import Floats, Matrix, centrality, tfidf
from podgist.models import Segment, Speaker


@dataclass(frozen=True, slots=True)
class Analysis:
    """A transcript once analysed. ``scores`` is each unit's salience in [0, 1]."""

    segments: list[Segment]
    units: list[Unit]
    matrix: Matrix
    scores: Floats
    host: str | None
    total_words: int

    def span(self, first: int, last: int) -> tuple[list[int], float, float]:
        """Segment ids, start and end of consecutive segment positions ``first..last``."""
        ids = [s.id for s in self.segments[first : last + 1]]
        return ids, self.segments[first].start, self.segments[last].end

    def unit_span(self, units: list[Unit]) -> tuple[list[int], float, float]:
        """The grounding of a set of units: every segment they rest on, sorted, with outer times."""
        positions = sorted({p for u in units for p in range(u.first, u.last + 1)})
        ids = [self.segments[p].id for p in positions]
        return ids, self.segments[positions[0]].start, self.segments[positions[-1]].end


def analyse(segments: list[Segment], speakers: list[Speaker]) -> Analysis:
    """Cut the transcript into units, vectorise them and score each for salience."""
    units = build_units(segments)
    matrix = tfidf([u.terms for u in units])
    central = centrality(matrix)
    turn_words = _turn_words(units)
    scores = np.array(
        [_salience(u, float(central[u.index]), turn_words[u.turn], len(units)) for u in units],
        dtype=np.float64,
    )
    top = float(scores.max()) if len(scores) else 0.0
    if top > 0:
        scores = scores / top
    return Analysis(
        segments=segments,
        units=units,
        matrix=matrix,
        scores=scores,
        host=find_host(segments, speakers),
        total_words=sum(u.words for u in units),
    )


def find_host(segments: list[Segment], speakers: list[Speaker]) -> str | None:
    """The host: a publisher-named speaker whose role says host, else whoever speaks first."""
    heard = {s.speaker for s in segments if s.speaker}
    for sp in speakers:
        if sp.role and "host" in sp.role.lower() and sp.name in heard:
            return sp.name
    return next((s.speaker for s in segments if s.speaker), None)


def _turn_words(units: list[Unit]) -> dict[int, int]:
    out: dict[int, int] = {}
    for u in units:
        out[u.turn] = out.get(u.turn, 0) + u.words
    return out


def _salience(u: Unit, central: float, turn_words: int, total: int) -> float:
    """Centrality shaped by cues of a good summary sentence in talk.

    Long enough to say something (short acknowledgements score near zero), dense in content words, few
    fillers, from a substantial turn rather than a quip, a little earlier rather than later, not a question.
    """
    if u.words < 4 or not u.terms:
        return 0.0
    length = min(1.0, u.words / 18.0) ** 0.8
    if u.words > 45:
        length *= max(0.6, 1.0 - (u.words - 45) / 60.0)
    density = 0.5 + min(0.6, len(u.terms) / u.words)
    fillers = max(0.2, 1.0 - 1.5 * u.fillers / u.words)
    turn = min(1.0, 0.7 + 0.15 * math.log10(max(turn_words, 1)))
    position = 1.0 + 0.1 * (1.0 - u.index / max(total, 1))
    question = 0.4 if u.text.rstrip().endswith("?") else 1.0
    return float(central * length * density * fillers * turn * position * question)
