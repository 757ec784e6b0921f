"""Words and sentences: tokenizing, stemming and splitting spoken text without any model."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

from podgist.insights.stopwords import ABBREVIATIONS, STOPWORDS

_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’\-]*")
_CHUNK_BREAK = re.compile(r"[,;:.!?()\[\]\"“”…—–]|\s-\s")
_SENTENCE_END = re.compile(r"(?:[.!?…]+|\.\.\.)[\"'”’)\]]*(?=\s)")
_LEADING_FILLER = re.compile(
    r"^(?:(?:and|but|so|well|yeah|yes|oh|um+|uh+|like|look|now|okay|ok|right|i mean|you know|anyway)"
    r"(?:[,.]+\s*|\s+))+",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")

MAX_SENTENCE_WORDS = 60
"""Longer runs (unpunctuated captions, rambling turns) are cut so no unit swamps the scores."""


def stem(word: str) -> str:
    """A light suffix stripper: enough to merge plurals and verb forms, cheap enough for hours of talk."""
    w = word
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    n = len(w)
    if n > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if n > 5 and w.endswith("ing"):
        return w[:-3]
    if n > 4 and w.endswith("ed") and not w.endswith("eed"):
        return w[:-2]
    if n > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def words(text: str) -> list[str]:
    """The words of a text as written (case kept), apostrophes and hyphens inside words kept."""
    return _WORD.findall(text)


def word_count(text: str) -> int:
    """How many words a text has."""
    return len(_WORD.findall(text))


@lru_cache(maxsize=1 << 16)
def normal(word: str) -> str:
    """A word's lower-case form with typographic apostrophes folded to ASCII."""
    return word.lower().replace("’", "'").strip("'-")


def is_term(low: str) -> bool:
    """Whether a lower-cased word can be a content term (not a stopword, not a bare number or letter)."""
    return len(low) > 2 and low not in STOPWORDS and not low.isdigit()


@lru_cache(maxsize=1 << 16)
def term_of(low: str) -> str | None:
    """The stemmed term of a lower-cased word, or None for a stopword (cached: talk repeats its words)."""
    return stem(low) if is_term(low) else None


def terms(text: str) -> list[str]:
    """The stemmed content terms of a text, in order, duplicates kept."""
    return terms_of([normal(w) for w in _WORD.findall(text)])


def terms_of(lows: Iterable[str]) -> list[str]:
    """The stemmed content terms among lower-cased words."""
    return [t for t in map(term_of, lows) if t is not None]


def phrase_chunks(text: str) -> Iterator[list[str]]:
    """Runs of words between punctuation, so candidate phrases never straddle a comma or a full stop."""
    for chunk in _CHUNK_BREAK.split(text):
        found = _WORD.findall(chunk)
        if found:
            yield found


def sentence_spans(text: str, breaks: Iterable[int] = ()) -> list[tuple[int, int]]:
    """Character spans of the sentences in ``text`` (stripped, never empty), in order.

    Splits after ``.``/``!``/``?`` followed by space, except after common abbreviations and initials, and
    at the given ``breaks`` (offsets where a new sentence may start). Spans longer than
    ``MAX_SENTENCE_WORDS`` are cut at clause punctuation or word boundaries.
    """
    ends = {m.end() for m in _SENTENCE_END.finditer(text) if not _is_abbreviation(text, m.start())}
    ends.update(b for b in breaks if 0 < b < len(text))
    spans: list[tuple[int, int]] = []
    begin = 0
    for end in sorted(ends):
        spans.append((begin, end))
        begin = end
    spans.append((begin, len(text)))
    out: list[tuple[int, int]] = []
    for a, b in spans:
        a, b = _strip_span(text, a, b)
        if b > a:
            out.extend(_cut_long(text, a, b))
    return out


def punctuated(text: str) -> bool:
    """Whether a text marks its sentences (at least one end mark per 40 words, as edited text does)."""
    return len(_SENTENCE_END.findall(text)) * 40 >= word_count(text)


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = re.search(r"([A-Za-z.]+)$", text[max(0, dot - 12) : dot])
    if not m:
        return False
    token = m.group(1).lower().strip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _cut_long(text: str, a: int, b: int) -> list[tuple[int, int]]:
    spans = [(m.start() + a, m.end() + a) for m in _WORD.finditer(text[a:b])]
    if len(spans) <= MAX_SENTENCE_WORDS:
        return [(a, b)]
    out: list[tuple[int, int]] = []
    start_word = 0
    while len(spans) - start_word > MAX_SENTENCE_WORDS:
        cut = _best_cut(text, spans, start_word)
        out.append((spans[start_word][0], _clause_end(text, spans[cut - 1][1], spans[cut][0])))
        start_word = cut
    out.append((spans[start_word][0], b))
    return out


def _best_cut(text: str, spans: list[tuple[int, int]], first: int) -> int:
    """Index of the word that starts the next piece: after clause punctuation near 2/3 of the limit."""
    lo, hi = first + MAX_SENTENCE_WORDS // 3, first + MAX_SENTENCE_WORDS
    best = hi
    for i in range(hi, lo, -1):
        gap = text[spans[i - 1][1] : spans[i][0]]
        if any(c in gap for c in ",;:—–-"):
            return i
    return best


def _clause_end(text: str, word_end: int, next_start: int) -> int:
    gap = text[word_end:next_start].rstrip()
    return word_end + len(gap)


def trim_lead(text: str) -> str:
    """Drop leading fillers and conjunctions ("So, um, and ...") so a sentence starts on its point."""
    m = _LEADING_FILLER.match(text)
    rest = text[m.end() :] if m else text
    return rest if word_count(rest) >= 3 else text


def tidy(text: str) -> str:
    """A sentence for display: leading filler dropped, spaces collapsed, first letter upper-cased."""
    t = _SPACES.sub(" ", trim_lead(text)).strip()
    return t[:1].upper() + t[1:] if t else t


def as_sentence(text: str) -> str:
    """``tidy`` plus a closing full stop when the sentence has none."""
    t = tidy(text)
    if not t or t.endswith((".", "!", "?", "…")):
        return t
    return t.rstrip(",;:-–— ") + "."
