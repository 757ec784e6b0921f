"""Reading and writing clock times (``1:02:03.456``, ``02:03,4``, ``[12:19]``) as float seconds.

Times are built as ``whole seconds + milliseconds / 1000`` so that every parser gives the very same
float for the same written time, and a time written back to the millisecond reads as the same float.
"""

from __future__ import annotations

import re

# Loose clock: optional hours, minutes, seconds, optional fraction after "," "." or ":".
_LOOSE = re.compile(r"(?:([0-9]+):)?([0-9]{1,2}):([0-9]{1,2})(?:[,.:]([0-9]{1,3})[0-9]*)?")


def seconds(hours: int, minutes: int, secs: int, millis: int = 0) -> float:
    """The float seconds for a clock time split in its parts."""
    return (hours * 3600 + minutes * 60 + secs) + millis / 1000


def fraction_millis(digits: str | None) -> int:
    """Milliseconds of a written fraction: ``"5"`` is half a second, ``"05"`` fifty milliseconds."""
    if not digits:
        return 0
    return int((digits + "00")[:3])


def parse_clock(text: str) -> float | None:
    """Read a loose clock time (``h:mm:ss.mmm``, ``mm:ss,mmm``, ``m:ss``); None when it is not one.

    Minutes and seconds above 59 are refused, so that ``12:75`` is not read as a time.
    """
    m = _LOOSE.fullmatch(text.strip())
    if m is None:
        return None
    hours, minutes, secs, frac = m.groups()
    if (int(minutes) > 59 and hours is not None) or int(secs) > 59:
        return None
    try:
        return seconds(int(hours or 0), int(minutes), int(secs), fraction_millis(frac))
    except OverflowError:  # an hour count of hundreds of digits is no float, so no time either
        return None


def to_millis(value: float) -> int:
    """A time in whole milliseconds (the precision every writer keeps)."""
    return max(0, round(value * 1000))


def format_clock(value: float, *, sep: str = ".", always_hours: bool = True) -> str:
    """``hh:mm:ss.mmm`` (``sep`` "," for SRT); hours dropped below one hour when not ``always_hours``."""
    ms = to_millis(value)
    hours, rest = divmod(ms, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    if hours or always_hours:
        return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{millis:03d}"
    return f"{minutes:02d}:{secs:02d}{sep}{millis:03d}"


def format_short(value: float) -> str:
    """``m:ss`` below one hour, ``h:mm:ss`` from one hour on (whole seconds, rounded down)."""
    total = max(0, int(value))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes}:{secs:02d}"


# Lookup tables for the canonical ``HH:MM:SS.mmm`` shape, which nearly every file uses: slicing and
# three dict lookups instead of a regex and eight ``int`` calls per timing line. The sum is the
# same float as ``seconds``: whole seconds (exact) plus ``millis / 1000``.
HOURS = {f"{h:02d}": h * 3600 for h in range(100)}
MINSEC = {f"{m:02d}:{s:02d}": m * 60 + s for m in range(60) for s in range(60)}
MILLIS = {f"{ms:03d}": ms / 1000 for ms in range(1000)}


def canonical_seconds(stamp: str) -> float:
    """Seconds of an already validated ``HH:MM:SS.mmm`` (or ``,mmm``) string."""
    return HOURS[stamp[0:2]] + MINSEC[stamp[3:8]] + MILLIS[stamp[9:12]]


def canonical_pair(line: str) -> tuple[float, float] | None:
    """(start, end) of a line opening with ``HH:MM:SS.mmm --> HH:MM:SS.mmm`` (``,`` also taken for the
    fraction), or None when it has any other shape (callers then take their careful path).

    The table lookups validate the digits: a field that is not one fails the lookup."""
    if len(line) < 29 or line[12:17] != " --> " or line[2] != ":" or line[19] != ":":
        return None
    if line[8] not in ".," or line[25] not in ".,":
        return None
    try:
        start = HOURS[line[0:2]] + MINSEC[line[3:8]] + MILLIS[line[9:12]]
        end = HOURS[line[17:19]] + MINSEC[line[20:25]] + MILLIS[line[26:29]]
    except KeyError:
        return None
    return start, end
