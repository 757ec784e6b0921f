"""Key phrases: one- and two-word terms scored TF-IDF style over sentences, with name and phrase cues."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from podgist.insights.text import is_term, normal, phrase_chunks, stem
from podgist.insights.units import Unit
from podgist.models import Keyword

Key = tuple[str, ...]

PHRASE_BOOST = 1.6
"""Two-word phrases are rarer than single words but name topics better ("memory safety" over "memory")."""


@dataclass(frozen=True, slots=True)
class Phrases:
    """Every candidate phrase of each unit, with counts over the whole transcript and display forms."""

    per_unit: list[list[Key]]
    count: Counter[Key]
    units_with: Counter[Key]
    surface: dict[Key, str]
    capital: dict[Key, float]


def collect(units: Sequence[Unit]) -> Phrases:
    """Find candidate phrases (content unigrams and adjacent content bigrams) in every unit."""
    per_unit: list[list[Key]] = []
    count: Counter[Key] = Counter()
    units_with: Counter[Key] = Counter()
    forms: dict[Key, Counter[str]] = {}
    caps: Counter[Key] = Counter()
    for u in units:
        keys: list[Key] = []
        for chunk in phrase_chunks(u.text):
            prev: tuple[str, str] | None = None
            for i, w in enumerate(chunk):
                low = normal(w)
                if not is_term(low):
                    prev = None
                    continue
                word = (stem(low), w)
                cands: list[tuple[Key, str]] = [((word[0],), w)]
                if prev is not None:
                    cands.append(((prev[0], word[0]), f"{prev[1]} {w}"))
                for key, form in cands:
                    keys.append(key)
                    forms.setdefault(key, Counter())[form] += 1
                    if i > 0 and form[:1].isupper():
                        caps[key] += 1
                prev = word
        per_unit.append(keys)
        count.update(keys)
        units_with.update(set(keys))
    capital = {k: caps[k] / count[k] for k in count}
    surface = {k: _display(c, capital[k]) for k, c in forms.items()}
    return Phrases(per_unit, count, units_with, surface, capital)


def _display(forms: Counter[str], capital: float) -> str:
    """The most used written form; lower-cased unless it is a name (capitalised mid-sentence mostly)."""
    best = forms.most_common(1)[0][0]
    if best.isupper() and len(best) > 1:
        return best
    if capital > 0.5:
        return next(f for f, _ in forms.most_common() if f[:1].isupper())
    return best.lower()


def score(key: Key, tf: int, phrases: Phrases, n_units: int) -> float:
    """A phrase's weight: frequency times rarity across sentences, boosted for names and two-word phrases."""
    df = phrases.units_with[key]
    idf = math.log((n_units + 1.0) / (df + 0.5))
    boost = (PHRASE_BOOST if len(key) == 2 else 1.0) * (1.0 + 0.4 * phrases.capital.get(key, 0.0))
    return tf * max(idf, 0.1) * boost


def top_keys(
    counts: Counter[Key],
    phrases: Phrases,
    n_units: int,
    k: int,
    min_count: int = 2,
    exclude: Collection[str] = frozenset(),
) -> list[tuple[Key, float]]:
    """The ``k`` best phrases of ``counts``, skipping words already inside a picked phrase."""
    ranked = sorted(
        ((score(key, tf, phrases, n_units), key) for key, tf in counts.items() if tf >= min_count),
        key=lambda p: (-p[0], p[1]),
    )
    picked: list[tuple[Key, float]] = []
    used: set[str] = set()
    for s, key in ranked:
        if len(picked) >= k:
            break
        if any(part in used or part in exclude for part in key):
            continue
        picked.append((key, s))
        used.update(key)
    return picked


def keywords(
    units: Sequence[Unit], phrases: Phrases, k: int = 10, exclude: Collection[str] = frozenset()
) -> list[Keyword]:
    """The episode's key phrases, best first, scores scaled so the best is 1."""
    min_count = 2 if sum(u.words for u in units) > 300 else 1
    best = top_keys(phrases.count, phrases, len(units), k, min_count, exclude)
    if not best:
        return []
    top = best[0][1]
    return [Keyword(term=phrases.surface[key], score=round(s / top, 4)) for key, s in best]


def name_stems(names: Sequence[str]) -> set[str]:
    """Stems of speakers' names, kept out of keywords and titles (a name is not a topic)."""
    return {stem(normal(w)) for n in names for w in n.split() if w}


def join_terms(terms: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C", with the first letter upper-cased."""
    if not terms:
        return ""
    text = terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " and " + terms[-1]
    return text[:1].upper() + text[1:]
