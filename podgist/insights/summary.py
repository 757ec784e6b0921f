"""The summary: a title-like headline and an overview of the most salient, non-redundant sentences."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from podgist.insights.analysis import Analysis
from podgist.insights.keywords import join_terms
from podgist.insights.text import as_sentence
from podgist.insights.units import Unit
from podgist.insights.vectors import mmr
from podgist.models import Keyword, Summary

CANDIDATES = 300
"""MMR looks at this many top-scored sentences; the rest never win and would only cost time."""

MMR_LAMBDA = 0.7


def overview_size(a: Analysis) -> int:
    """3 sentences for a short talk, up to 5 for a long one (never more than there are sentences)."""
    want = 3 + min(2, a.total_words // 4000)
    return min(want, sum(1 for s in a.scores if s > 0))


def pick_salient(a: Analysis, k: int, exclude: Sequence[int] = ()) -> list[Unit]:
    """The ``k`` best sentences by salience with redundancy removed (MMR), in transcript order."""
    skip = set(exclude)
    order = [int(i) for i in np.argsort(-a.scores, kind="stable") if a.scores[i] > 0 and int(i) not in skip]
    cands = order[:CANDIDATES]
    if not cands or k <= 0:
        return []
    vectors = a.matrix.dense(cands)
    picked = mmr(a.scores[cands], vectors, k, MMR_LAMBDA)
    return sorted((a.units[cands[p]] for p in picked), key=lambda u: u.index)


def summarize(
    a: Analysis, keywords: list[Keyword], guest: str | None, title: str | None
) -> tuple[Summary, list[Unit]]:
    """Headline from the key phrases (and the guest's name), overview from the salient sentences.

    Returns the summary and the sentences its overview is made of.
    """
    chosen = pick_salient(a, overview_size(a))
    if not chosen:
        return _empty(a, title), []
    ids, start, end = a.unit_span(chosen)
    summary = Summary(
        segment_ids=ids,
        start=start,
        end=end,
        headline=headline(keywords, guest, title, chosen),
        overview=" ".join(as_sentence(u.text) for u in chosen),
    )
    return summary, chosen


def headline(keywords: list[Keyword], guest: str | None, title: str | None, chosen: list[Unit]) -> str:
    """ "Guest on A, B and C", or just the topics; falls back to the title or the lead sentence."""
    terms = [k.term for k in keywords[:3]]
    if terms:
        topics = join_terms(terms)
        return (
            f"{guest} on {topics[:1].lower() + topics[1:] if terms[0].islower() else topics}"
            if guest
            else topics
        )
    if title:
        return title.strip()
    return as_sentence(chosen[0].text) if chosen else ""


def _empty(a: Analysis, title: str | None) -> Summary:
    """No sentence worth keeping (empty or all filler): ground on the whole transcript, or on nothing."""
    if not a.segments:
        return Summary(segment_ids=[], start=0.0, end=0.0, headline=title or "", overview="")
    ids, start, end = a.span(0, len(a.segments) - 1)
    return Summary(segment_ids=ids, start=start, end=end, headline=title or "", overview="")
