"""Small pure parsers for the loosely written fields of feeds: dates, durations, HTML descriptions."""

from __future__ import annotations

import html
import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\r\f\v]+")
_BLOCK_BREAKS = re.compile(r"(?i)<\s*(br|/p|/div|/li|/h[1-6])\s*/?\s*>")


def parse_duration(text: str) -> float | None:
    """Seconds from ``HH:MM:SS``, ``MM:SS``, ``SS`` or ``SS.sss``; None when unreadable."""
    text = text.strip()
    if not text:
        return None
    try:
        parts = [float(p) for p in text.split(":")]
    except ValueError:
        return None
    if len(parts) > 3 or any(p < 0 for p in parts):
        return None
    seconds = 0.0
    for part in parts:
        seconds = seconds * 60 + part
    return seconds if math.isfinite(seconds) else None  # float() reads "nan", "inf" and "1e999" too


def parse_date(text: str) -> str | None:
    """An ISO 8601 timestamp (UTC) from an RFC 822 or ISO 8601 date; None when unreadable."""
    text = text.strip()
    if not text:
        return None
    parsed: datetime | None = None
    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):  # Overflow: a year of 25 digits
        try:
            parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    try:
        return parsed.astimezone(UTC).isoformat().replace("+00:00", "Z")
    except OverflowError:  # year 1 or 9999 shifted out of range by its offset
        return None


def clean_html(text: str) -> str:
    """Plain text from an HTML fragment: block tags become line breaks, entities are decoded."""
    text = _BLOCK_BREAKS.sub("\n", text)
    text = html.unescape(_TAGS.sub("", text))
    lines = (_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return "\n".join(line for line in lines if line)
