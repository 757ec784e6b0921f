"""Takeaways: one per important topic, a short headline sentence plus one or two supporting sentences."""

from __future__ import annotations

from collections.abc import Callable, Collection
from functools import partial

from podgist.insights.analysis import Analysis
from podgist.insights.stopwords import REFERRING
from podgist.insights.text import as_sentence, normal, tidy, trim_lead, words
from podgist.insights.units import Unit
from podgist.models import Takeaway

MIN_TAKEAWAYS = 4
MAX_TAKEAWAYS = 8
MIN_GROUP_UNITS = 4


def takeaway_count(a: Analysis) -> int:
    """4 for a short talk, one more per ~2,500 words, at most 8."""
    return max(MIN_TAKEAWAYS, min(MAX_TAKEAWAYS, 3 + a.total_words // 2500))


def takeaways(
    a: Analysis, unit_starts: list[int], avoid: Collection[int], title_of: Callable[[int, int], str]
) -> list[Takeaway]:
    """Pick the most important topic groups and state each as a takeaway, in transcript order.

    ``unit_starts`` are the topic boundaries; ``avoid`` are units already used (the overview), skipped here so
    takeaways add to the summary instead of repeating it; ``title_of(lo, hi)`` names a group when no sentence
    of it can serve as headline. Fewer than 4 come out when the talk is too short.
    """
    groups = _split(a, [*zip(unit_starts, [*unit_starts[1:], len(a.units)], strict=True)], takeaway_count(a))
    ranked = sorted(groups, key=lambda g: (-_weight(a, g), g[0]))
    out: list[tuple[int, Takeaway]] = []
    for lo, hi in ranked:
        if len(out) >= takeaway_count(a):
            break
        item = _takeaway(a, lo, hi, set(avoid), partial(title_of, lo, hi))
        if item is not None:
            out.append((lo, item))
    return [t for _, t in sorted(out, key=lambda p: p[0])]


def _split(a: Analysis, groups: list[tuple[int, int]], want: int) -> list[tuple[int, int]]:
    """Halve the largest groups until there are enough to choose from."""
    groups = list(groups)
    while len(groups) < want:
        lo, hi = max(groups, key=lambda g: (g[1] - g[0], -g[0]))
        if hi - lo < 2 * MIN_GROUP_UNITS:
            break
        mid = (lo + hi) // 2
        groups.remove((lo, hi))
        groups.extend([(lo, mid), (mid, hi)])
    return sorted(groups)


def _weight(a: Analysis, group: tuple[int, int]) -> float:
    """A topic's importance: the mass of its three most salient sentences."""
    best = sorted(a.scores[group[0] : group[1]], reverse=True)[:3]
    return float(sum(best))


def _takeaway(a: Analysis, lo: int, hi: int, avoid: set[int], fallback: Callable[[], str]) -> Takeaway | None:
    cands = sorted(
        (u for u in a.units[lo:hi] if a.scores[u.index] > 0 and u.index not in avoid),
        key=lambda u: (-a.scores[u.index], u.index),
    )
    heads = [u for u in cands if _headline_like(u)]
    head = heads[0] if heads else None
    details: list[Unit] = []
    for u in cands:
        if len(details) >= 2:
            break
        if u is head or u.words < 8 or u.text.rstrip().endswith("?"):
            continue
        if all(_overlap(u, d) < 0.5 for d in [*details, *([head] if head else [])]):
            details.append(u)
    if head is None and not details:
        return None
    used = [*([head] if head else []), *details]
    ids, start, end = a.unit_span(used)
    title = tidy(head.text).rstrip(".") if head else fallback()
    if not title:
        title = tidy(details[0].text)
        details = details[1:]
    details.sort(key=lambda u: u.index)
    return Takeaway(
        segment_ids=ids,
        start=start,
        end=end,
        headline=title,
        detail=" ".join(as_sentence(u.text) for u in details),
    )


def _headline_like(u: Unit) -> bool:
    """A sentence that can stand as a headline: short, a statement, little filler, not pointing back."""
    if not 5 <= u.words <= 16 or u.text.rstrip().endswith("?"):
        return False
    lead = words(trim_lead(u.text))
    return u.fillers < 0.2 * u.words and bool(lead) and normal(lead[0]) not in REFERRING


def _overlap(a: Unit, b: Unit) -> float:
    sa, sb = set(a.terms), set(b.terms)
    return len(sa & sb) / max(1, min(len(sa), len(sb)))
