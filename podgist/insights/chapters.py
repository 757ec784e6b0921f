"""Chapters: the publisher's, tied to segments by time, or topic segments found by lexical cohesion.

Computed chapters follow TextTiling: sentences are grouped into blocks of about ``BLOCK_WORDS`` words, the
vocabulary of the blocks before and after each gap is compared, and the deepest valleys of similarity become
boundaries. Boundaries snap to a nearby speaker change, chapters partition the segments, and each is titled
with its most distinctive key phrases.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Collection

import numpy as np

from podgist.insights.analysis import Analysis
from podgist.insights.keywords import Key, Phrases, join_terms, top_keys
from podgist.models import Chapter

BLOCK_WORDS = 120
WINDOW_BLOCKS = 3
SECONDS_PER_CHAPTER = 480.0
WORDS_PER_CHAPTER = 1200
MAX_CHAPTERS = 16
MIN_CHAPTER_BLOCKS = 3
MIN_RELATIVE_DEPTH = 0.1


def publisher_chapters(a: Analysis, chapters: list[Chapter]) -> list[Chapter]:
    """The publisher's chapters with segment ids and times from the segments that start inside each.

    A chapter shorter than any segment gets the segment playing at its start; a chapter after the end of
    the transcript (nothing playing, nothing starting) is dropped, as it points at no text.
    """
    segs = a.segments
    if not segs:
        return []
    ordered = sorted(chapters, key=lambda c: c.start)
    starts = [s.start for s in segs]
    out: list[Chapter] = []
    for i, ch in enumerate(ordered):
        nxt = ordered[i + 1].start if i + 1 < len(ordered) else float("inf")
        stop = min(ch.end, nxt) if ch.end is not None and ch.end > ch.start else nxt
        lo = bisect.bisect_left(starts, ch.start)
        hi = bisect.bisect_left(starts, stop) - 1
        if hi < lo:
            playing = lo - 1
            if playing < 0 or segs[playing].end <= ch.start:
                continue
            lo = hi = playing
        ids, start, end = a.span(lo, hi)
        out.append(
            Chapter(
                title=ch.title,
                start=start,
                end=end,
                segment_ids=ids,
                url=ch.url,
                img=ch.img,
                source="publisher",
            )
        )
    return out


def computed_chapters(
    a: Analysis, phrases: Phrases, unit_starts: list[int], exclude: Collection[str] = ()
) -> list[Chapter]:
    """Topic segments with titles, partitioning the whole transcript (one chapter when it is short).

    ``unit_starts`` are the units opening each topic, as given by ``boundaries``.
    """
    if not a.units:
        return []
    starts, seg_starts = _aligned_starts(a, unit_starts)
    bounds = [*starts, len(a.units)]
    seg_stops = [*[p - 1 for p in seg_starts[1:]], len(a.segments) - 1]
    out: list[Chapter] = []
    for k in range(len(starts)):
        ids, start, end = a.span(seg_starts[k], seg_stops[k])
        title = title_of(a, phrases, bounds[k], bounds[k + 1], set(exclude)) or f"Part {k + 1}"
        out.append(Chapter(title=title, start=start, end=end, segment_ids=ids, source="computed"))
    return out


def boundaries(a: Analysis) -> list[int]:
    """Indices of the units that open each computed chapter (always starting with 0)."""
    blocks = _blocks(a)
    wanted = _chapter_count(a)
    if wanted <= 1 or len(blocks) < 2 * MIN_CHAPTER_BLOCKS:
        return [0]
    depth = _depths(_gap_similarity(a, blocks))
    # no chapter shorter than a third of the average one (nor than MIN_CHAPTER_BLOCKS)
    min_blocks = max(MIN_CHAPTER_BLOCKS, len(blocks) // (wanted * 3))
    # a valley far shallower than the deepest is noise within one topic, not a change of topic
    floor = max(1e-9, MIN_RELATIVE_DEPTH * float(depth.max(initial=0.0)))
    chosen: list[int] = []
    for gap in np.argsort(-depth, kind="stable"):
        if len(chosen) >= wanted - 1 or depth[gap] < floor:
            break
        cut = int(gap) + 1
        if cut < min_blocks or len(blocks) - cut < min_blocks:
            continue
        if all(abs(cut - c) >= min_blocks for c in chosen):
            chosen.append(cut)
    unit_starts = sorted({_snap(a, blocks[c][0]) for c in chosen})
    return [0, *[u for u in unit_starts if u > 0]]


def _chapter_count(a: Analysis) -> int:
    duration = a.segments[-1].end - a.segments[0].start if a.segments else 0.0
    by_time = duration / SECONDS_PER_CHAPTER
    by_words = a.total_words / WORDS_PER_CHAPTER
    return max(1, min(MAX_CHAPTERS, round(min(by_time, by_words) if by_time > 0 else by_words)))


def _blocks(a: Analysis) -> list[tuple[int, int]]:
    """Consecutive unit ranges [lo, hi) of about ``BLOCK_WORDS`` words."""
    out: list[tuple[int, int]] = []
    lo, acc = 0, 0
    for u in a.units:
        acc += u.words
        if acc >= BLOCK_WORDS:
            out.append((lo, u.index + 1))
            lo, acc = u.index + 1, 0
    if lo < len(a.units):
        if out and acc < BLOCK_WORDS // 2:
            out[-1] = (out[-1][0], len(a.units))
        else:
            out.append((lo, len(a.units)))
    return out


def _gap_similarity(a: Analysis, blocks: list[tuple[int, int]]) -> np.ndarray:
    """Cosine similarity of the ``WINDOW_BLOCKS`` blocks before each gap with those after it."""
    m = a.matrix
    block_of = np.zeros(a.matrix.rows, dtype=np.int64)
    for b, (lo, hi) in enumerate(blocks):
        block_of[lo:hi] = b
    dense = np.zeros((len(blocks), len(m.vocab)))
    np.add.at(dense, (block_of[m.row], m.col), m.val)
    csum = np.vstack([np.zeros(len(m.vocab)), np.cumsum(dense, axis=0)])
    n = len(blocks)
    sims = np.zeros(n - 1)
    for g in range(n - 1):
        left = csum[g + 1] - csum[max(0, g + 1 - WINDOW_BLOCKS)]
        right = csum[min(n, g + 1 + WINDOW_BLOCKS)] - csum[g + 1]
        denom = float(np.linalg.norm(left) * np.linalg.norm(right))
        sims[g] = float(left @ right) / denom if denom > 0 else 0.0
    return sims


def _depths(sims: np.ndarray) -> np.ndarray:
    """TextTiling depth: how far similarity climbs back up on both sides of each gap."""
    n = len(sims)
    depth = np.zeros(n)
    for g in range(n):
        left = sims[g]
        for i in range(g - 1, -1, -1):
            if sims[i] < left:
                break
            left = sims[i]
        right = sims[g]
        for i in range(g + 1, n):
            if sims[i] < right:
                break
            right = sims[i]
        depth[g] = (left - sims[g]) + (right - sims[g])
    return depth


def _snap(a: Analysis, unit: int, reach: int = 4) -> int:
    """Move a boundary to the nearest unit that opens a speaker turn, when one is close."""
    for d in range(reach + 1):
        for u in (unit - d, unit + d):
            if 0 < u < len(a.units) and a.units[u].turn_first:
                return u
    return unit


def _aligned_starts(a: Analysis, unit_starts: list[int]) -> tuple[list[int], list[int]]:
    """Unit starts and the segment each chapter opens with, strictly increasing so chapters partition.

    A segment shared with the unit before (a caption cue holding the end of one sentence and the start of
    the next) stays with the earlier chapter.
    """
    units: list[int] = [0]
    segs: list[int] = [0]
    for u in unit_starts[1:]:
        seg = max(a.units[u].first, a.units[u - 1].last + 1)
        if segs[-1] < seg < len(a.segments):
            units.append(u)
            segs.append(seg)
    return units, segs


def title_of(a: Analysis, phrases: Phrases, lo: int, hi: int, exclude: Collection[str]) -> str:
    """A title for units ``lo..hi-1``: their two or three most distinctive key phrases."""
    counts: Counter[Key] = Counter()
    for keys in phrases.per_unit[lo:hi]:
        counts.update(keys)
    distinctive = Counter({k: c for k, c in counts.items() if c * 1.0 >= 0.34 * phrases.count[k] or c >= 4})
    best = top_keys(
        distinctive, phrases, len(a.units), 3, min_count=2 if hi - lo > 20 else 1, exclude=exclude
    )
    return join_terms([phrases.surface[k] for k, _ in best])
