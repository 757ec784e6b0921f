"""YouTube caption tracks: timedtext XML (``<transcript><text start dur>`` and the format-3
``<timedtext><body><p t d>`` shape) and json3 (``{"events": [{tStartMs, dDurationMs, segs}]}``).

Auto-generated tracks repeat themselves as lines roll up; ``drop_repeats`` removes an event equal to
the one before it and keeps only the new words of one that extends it. (YouTube's caption VTT goes
through the WebVTT parser, SBV through ``sbv``.)
"""

from __future__ import annotations

import math
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
import msgspec
from defusedxml import DefusedXmlException

from podgist.errors import TranscriptInvalid, UnsupportedFormat
from podgist.models import Segment
from podgist.transcripts.cuetext import plain
from podgist.transcripts.segments import Item, make_segments


def _float(value: Any, scale: float = 1.0) -> float | None:
    try:
        number = float(value) / scale
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number >= 0 else None


def drop_repeats(items: list[Item]) -> list[Item]:
    """Items without rolling repeats: an exact repeat of the previous text is dropped, a text that
    extends the previous one keeps only its new words."""
    out: list[Item] = []
    previous = ""
    for start, end, speaker, text in items:
        if text == previous:
            continue
        new = text[len(previous) :].strip() if previous and text.startswith(previous + " ") else text
        out.append((start, end, speaker, new))
        previous = text
    return out


def _xml_root(text: str) -> Element:
    try:
        root: Element = SafeET.fromstring(text.strip().encode("utf-8"))
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise TranscriptInvalid("The YouTube caption XML could not be parsed.") from exc
    return root


def _element_text(el: Element) -> str:
    return plain("".join(el.itertext()))


def xml_items(text: str) -> list[Item]:
    """Items of a timedtext XML track, either shape."""
    root = _xml_root(text)
    items: list[Item] = []
    for el in root.iter():
        if el.tag == "text":
            start, dur = _float(el.get("start")), _float(el.get("dur", "0"))
        elif el.tag == "p":
            start, dur = _float(el.get("t"), 1000), _float(el.get("d", "0"), 1000)
        else:
            continue
        if start is not None:
            items.append((start, start + (dur or 0.0), None, _element_text(el)))
    return items


def json3_items(text: str) -> list[Item]:
    """Items of a json3 track; append-only events (a bare newline) carry no text and drop out."""
    try:
        doc = msgspec.json.decode(text)
    except (msgspec.DecodeError, RecursionError) as exc:  # RecursionError: nested deeper than the stack
        raise TranscriptInvalid("The YouTube json3 track is not valid JSON.") from exc
    if not isinstance(doc, dict) or "events" not in doc:
        raise UnsupportedFormat('This JSON is not a YouTube caption track (no "events").')
    events = doc["events"]
    if not isinstance(events, list):
        raise TranscriptInvalid('The YouTube json3 track\'s "events" is not a list.')
    items: list[Item] = []
    for event in events:
        if not isinstance(event, dict) or not isinstance(event.get("segs"), list):
            continue
        start = _float(event.get("tStartMs"), 1000)
        if start is None:
            continue
        dur = _float(event.get("dDurationMs", 0), 1000) or 0.0
        words = [seg.get("utf8", "") for seg in event["segs"] if isinstance(seg, dict)]
        items.append((start, start + dur, None, plain("".join(w for w in words if isinstance(w, str)))))
    return items


def parse_xml(text: str) -> list[Segment]:
    """Segments of a timedtext XML track."""
    return make_segments(drop_repeats([i for i in xml_items(text) if i[3]]), what="YouTube caption track")


def parse_json3(text: str) -> list[Segment]:
    """Segments of a json3 track."""
    return make_segments(drop_repeats([i for i in json3_items(text) if i[3]]), what="YouTube caption track")
