"""Publisher chapters: the Podcasting 2.0 JSON chapters file that ``<podcast:chapters>`` links.

Chapters are a nicety: a missing or broken file never fails a lookup, it only leaves the list empty.
"""

from __future__ import annotations

import logging
from typing import Any

import msgspec

from podgist.errors import PodgistError
from podgist.models import Chapter
from podgist.sources.base import SourceContext
from podgist.transcripts.segments import plausible

log = logging.getLogger(__name__)
MAX_CHAPTERS_BYTES = 2 * 1024 * 1024


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if plausible(number) else None


def _text(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def parse_chapters(body: bytes) -> list[Chapter]:
    """Chapters in time order, each ending at its ``endTime`` or else where the next one starts.

    Entries marked ``"toc": false`` (silent markers, not meant for a table of contents) are left out.
    Raises ``ValueError`` when the body is not a chapters document.
    """
    try:
        doc = msgspec.json.decode(body)
    except (msgspec.DecodeError, RecursionError) as exc:  # RecursionError: nested deeper than the stack
        raise ValueError("chapters are not JSON") from exc
    raw = doc.get("chapters") if isinstance(doc, dict) else None
    if not isinstance(raw, list):
        raise ValueError("no chapters list")
    starts: list[tuple[float, dict[str, Any]]] = []
    for entry in raw:
        start = _seconds(entry.get("startTime")) if isinstance(entry, dict) else None
        if start is not None and entry.get("toc", True) is not False:
            starts.append((start, entry))
    starts.sort(key=lambda pair: pair[0])
    chapters: list[Chapter] = []
    for index, (start, entry) in enumerate(starts):
        following = starts[index + 1][0] if index + 1 < len(starts) else None
        end = _seconds(entry.get("endTime")) or following
        chapters.append(
            Chapter(
                title=_text(entry.get("title")) or f"Chapter {index + 1}",
                start=start,
                end=end if end is not None and end > start else following,
                url=_text(entry.get("url")),
                img=_text(entry.get("img")),
                source="publisher",
            )
        )
    return chapters


async def load_chapters(ctx: SourceContext, url: str) -> list[Chapter]:
    """Fetch and parse a chapters file; an empty list when it cannot be read."""
    try:
        fetched = await ctx.fetcher.get(url, max_bytes=MAX_CHAPTERS_BYTES)
        return parse_chapters(fetched.content)
    except (PodgistError, ValueError) as exc:
        log.info("chapters unreadable", extra={"url": url, "reason": str(exc)})
        return []
