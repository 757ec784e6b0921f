"""HTML transcripts: ``<cite>`` names the speaker, ``<time>`` stamps the paragraphs after it, ``<p>`` holds
the text (the Podcasting 2.0 HTML shape, also what many show sites publish).

Each paragraph is a segment. A paragraph's start is the last ``<time>`` before it and its end the next
``<time>`` (see ``segments.bracket_times``), so no time is invented; a page without ``<time>`` is an
untimed transcript. A page without paragraphs is read as plain text.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from podgist.models import Segment
from podgist.transcripts.clock import parse_clock
from podgist.transcripts.cuetext import collapse
from podgist.transcripts.segments import bracket_times, make_segments

_ISO_DURATION = re.compile(r"PT?(?:([0-9.]+)H)?(?:([0-9.]+)M)?(?:([0-9.]+)S)?", re.I)


def _iso_duration(value: str) -> float | None:
    m = _ISO_DURATION.fullmatch(value.strip())
    if m is None or not any(m.groups()):
        return None
    try:
        hours, minutes, secs = (float(g) if g else 0.0 for g in m.groups())
    except ValueError:
        return None
    return hours * 3600 + minutes * 60 + secs


def _stamp(text: str, datetime: str | None) -> float | None:
    if datetime:
        value = _iso_duration(datetime) if datetime.upper().startswith("P") else parse_clock(datetime)
        if value is not None:
            return value
    return parse_clock(text.strip().strip("[]()"))


def paragraphs(text: str) -> list[tuple[float | None, str | None, str]]:
    """(stamp, speaker, text) of every paragraph in document order."""
    tree = LexborHTMLParser(text)
    out: list[tuple[float | None, str | None, str]] = []
    speaker: str | None = None
    stamp: float | None = None
    for node in tree.css("cite, time, p"):
        content = collapse(node.text(deep=True))
        if node.tag == "cite":
            speaker = content.rstrip(":").strip() or None
        elif node.tag == "time":
            stamp = _stamp(content, node.attributes.get("datetime"))
        elif content:
            out.append((stamp, speaker, content))
            stamp = None
    return out


def body_text(text: str) -> str:
    """The visible text of a page, one line per block, for pages without paragraphs."""
    tree = LexborHTMLParser(text)
    for node in tree.css("script, style, head"):
        node.decompose()
    root = tree.body or tree.root
    return root.text(separator="\n") if root is not None else ""


def parse(text: str) -> tuple[list[Segment], bool]:
    """(segments, timed) of an HTML transcript; timed when every paragraph has its own ``<time>``."""
    found = paragraphs(text)
    if not found:
        from podgist.transcripts import text as plain_text

        return plain_text.parse(body_text(text))
    times = bracket_times([stamp for stamp, _, _ in found])
    items = [
        (start, end, speaker, content)
        for (start, end), (_, speaker, content) in zip(times, found, strict=True)
    ]
    timed = all(stamp is not None for stamp, _, _ in found)
    return make_segments(items, what="HTML transcript"), timed
