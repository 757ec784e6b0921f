"""Plain-text transcripts: paragraphs, ``Name: text`` turns, and stamps in the usual shapes.

Stamps are read at the start of a line (``00:01:02 text``, ``[1:02:03] text``, ``(0:05) text``), after
a name (``Name (0:05): text``, ``Name [00:01:02]: text``) or on a header line of their own
(``Speaker 1  0:03`` then the text, as meeting-notes exports write). A new stamp or a new speaker
starts a segment; other lines continue the paragraph until a blank line.

Times are never invented (see ``segments.bracket_times``): a segment starts at the last stamp at or
before it and ends at the next one; a file with no stamp at all gives every segment 0.0/0.0 and is
reported untimed so callers can prefer a timed transcript.
"""

from __future__ import annotations

import re

from podgist.models import Segment
from podgist.transcripts.clock import parse_clock
from podgist.transcripts.cuetext import collapse
from podgist.transcripts.segments import bracket_times, make_segments
from podgist.transcripts.speakers import accepted_names, split_prefix

_STAMP = r"(?:[0-9]{1,2}:)?[0-9]{1,2}:[0-9]{2}(?:[.,][0-9]{1,3})?"
_LEAD = re.compile(rf"[\[(]?({_STAMP})[\])]?(?:[ \t]*[-–|:]?[ \t]+|$)")
_NAME = r"[^\W\d_][\w'’.&-]*(?:[ \t]+[\w'’.&-]+){0,3}"
_BRACKETED = re.compile(rf"({_NAME})[ \t]*[\[(]({_STAMP})[\])][ \t]*:?[ \t]*(.*)")
_HEADER = re.compile(rf"({_NAME})[ \t]+({_STAMP})[ \t]*")

# A paragraph under construction: [stamp, speaker from a header, text lines].
_Entry = tuple[float | None, str | None, list[str]]


def _split_line(line: str) -> tuple[float | None, str | None, str]:
    """(stamp, explicit speaker, remaining text) of one stripped line."""
    m = _LEAD.match(line)
    if m is not None:
        return parse_clock(m.group(1)), None, line[m.end() :]
    m = _BRACKETED.fullmatch(line) or _HEADER.fullmatch(line)
    if m is not None and m.group(1)[0].isupper():
        rest = m.group(3) if m.re is _BRACKETED else ""
        return parse_clock(m.group(2)), " ".join(m.group(1).split()), rest
    return None, None, line


def entries(text: str) -> list[_Entry]:
    """The paragraphs of a text transcript with their stamp and header speaker, if any."""
    out: list[_Entry] = []
    current: list[str] | None = None
    pending: tuple[float | None, str | None] = (None, None)
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            current = None
            continue
        stamp, speaker, rest = _split_line(line)
        if not rest:
            pending = (stamp if stamp is not None else pending[0], speaker or pending[1])
            current = None
            continue
        if current is None or stamp is not None or speaker is not None or split_prefix(rest)[0]:
            current = [rest]
            stamp = stamp if stamp is not None else pending[0]
            out.append((stamp, speaker or pending[1], current))
            pending = (None, None)
        else:
            current.append(rest)
    return out


def _speakers(texts: list[str], headers: list[str | None]) -> list[tuple[str | None, str]]:
    """(speaker, text): header names, else accepted ``Name:`` prefixes, carried to later paragraphs."""
    names = accepted_names(texts) | {h for h in headers if h}
    out: list[tuple[str | None, str]] = []
    current: str | None = None
    for text, header in zip(texts, headers, strict=True):
        name, rest = split_prefix(text)
        if name in names:
            current, text = name, rest
        elif header:
            current = header
        out.append((current, text))
    return out


def parse(text: str) -> tuple[list[Segment], bool]:
    """(segments, timed) of a plain-text transcript; timed when every paragraph has its own stamp."""
    found = entries(text.removeprefix("\ufeff"))
    texts = [collapse(" ".join(lines)) for _, _, lines in found]
    labelled = _speakers(texts, [header for _, header, _ in found])
    stamps = [stamp for stamp, _, _ in found]
    items = [
        (start, end, speaker, content)
        for (start, end), (speaker, content) in zip(bracket_times(stamps), labelled, strict=True)
    ]
    segments = make_segments(items, what="text transcript")
    return segments, bool(stamps) and all(stamp is not None for stamp in stamps)
