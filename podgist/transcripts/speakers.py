"""Speaker labels written as a prefix of the text (``Sarah: Hi there``), as SRT, SBV and plain text do.

A name counts only when it looks like one (capitalised, at most four words, no sentence punctuation)
and when some name opens at least two cues or two names open cues: one stray ``Note: …`` must not turn
into a speaker who then keeps talking for the rest of the file.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

_PREFIX = re.compile(r"[ \t]*(?:>>[ \t]*)?([^\W\d_][\w'’.&-]*(?:[ \t]+[\w'’.&()-]+){0,3})[ \t]*:[ \t]+(?=\S)")
_NOT_NAMES = frozenset(
    {
        "note",
        "notes",
        "warning",
        "update",
        "example",
        "tip",
        "edit",
        "source",
        "link",
        "links",
        "chapter",
        "chapters",
        "transcript",
        "summary",
        "subject",
        "re",
        "fwd",
        "step",
        "rule",
        "part",
        "episode",
        "season",
        "http",
        "https",
        "ps",
        "p.s",
        "translation",
        "kind",
        "language",
        "speakers",
    }
)


def split_prefix(text: str) -> tuple[str | None, str]:
    """(name, rest) when ``text`` opens with a ``Name:`` label, else (None, text)."""
    if ":" not in text[:64]:
        return None, text
    m = _PREFIX.match(text)
    if m is None:
        return None, text
    name = " ".join(m.group(1).split())
    if not name[0].isupper() or len(name) > 40 or name.lower() in _NOT_NAMES:
        return None, text
    return name, text[m.end() :]


def accepted_names(texts: Iterable[str], min_count: int = 2) -> frozenset[str]:
    """Names that open ``texts``, once at least one name opens ``min_count`` of them or two different
    names open some (a file that labels its turns at all also labels the guest who speaks once)."""
    return _accepted([split_prefix(text) for text in texts], min_count)


def _accepted(splits: list[tuple[str | None, str]], min_count: int) -> frozenset[str]:
    counts = Counter(name for name, _ in splits if name is not None)
    if not counts or (max(counts.values()) < min_count and len(counts) < 2):
        return frozenset()
    return frozenset(counts)


def speaker_turns(texts: list[str], min_count: int = 2) -> list[tuple[str | None, str]] | None:
    """(speaker, text) for each text when some open with speaker labels worth accepting, else None.

    Accepted prefixes are cut off and carried to following texts until the next label (captions break
    a turn over many cues but label only its first)."""
    splits = [split_prefix(text) for text in texts if ":" in text[:64]]
    names = _accepted(splits, min_count)
    if not names:
        return None
    pending = iter(splits)  # in step with the texts that hold a colon early, the only ones split
    out: list[tuple[str | None, str]] = []
    current: str | None = None
    for text in texts:
        if ":" in text[:64]:
            name, rest = next(pending)
            if name in names:
                current, text = name, rest
        out.append((current, text))
    return out
