"""WebVTT cue timings and settings, following the WHATWG/W3C WebVTT parsing algorithm.

``collect_timing`` reads a timing line (``00:01.000 --> 00:02.000 align:start``); the common shape is
matched by one compiled pattern, anything else walks the spec's "collect a WebVTT timestamp" steps.
Settings keep the WebVTT API names (``line``, ``lineAlign``, ``snapToLines``, ``position``,
``positionAlign``, ``size``, ``align``, ``vertical``, ``region``) and only the ones validly set.
"""

from __future__ import annotations

import re

from podgist.transcripts.clock import canonical_pair

SettingValue = str | float | bool | int

# "ASCII whitespace" in the spec: tab, LF, FF, CR, space (not vertical tab, not Unicode spaces).
_WS = "\t\n\f\r "
_SPLIT_WS = re.compile(r"[\t\n\f\r ]+")
_FAST = re.compile(
    r"[\t\f ]*([0-9]{2}):([0-5][0-9]):([0-5][0-9])\.([0-9]{3})[\t\f ]+-->[\t\f ]+"
    r"([0-9]{2}):([0-5][0-9]):([0-5][0-9])\.([0-9]{3})(?:([\t\f ].*))?"
)
_DIGITS = re.compile(r"[0-9]+")
_PERCENT = re.compile(r"[0-9]+(?:\.[0-9]+)?%")
_ALIGNS = frozenset({"start", "center", "end", "left", "right"})
_LINE_ALIGNS = frozenset({"start", "center", "end"})
_POSITION_ALIGNS = frozenset({"line-left", "center", "line-right"})


def collect_timing(line: str, regions: dict[str, int]) -> tuple[float, float, dict[str, SettingValue]] | None:
    """Start, end and settings of a cue timing line; None when the timings are invalid."""
    if "," not in line[:29]:
        pair = canonical_pair(line)
        if pair is not None and (len(line) == 29 or line[29] in "\t\f "):
            rest = line[29:]
            return pair[0], pair[1], parse_settings(rest, regions) if rest.strip("\t\f ") else {}
    m = _FAST.fullmatch(line)
    if m is not None:
        h1, m1, s1, f1, h2, m2, s2, f2, rest = m.groups()
        start = (int(h1) * 3600 + int(m1) * 60 + int(s1)) + int(f1) / 1000
        end = (int(h2) * 3600 + int(m2) * 60 + int(s2)) + int(f2) / 1000
        return start, end, parse_settings(rest, regions) if rest else {}
    return _collect_timing_slow(line, regions)


def _skip_ws(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in _WS:
        pos += 1
    return pos


def _collect_timing_slow(
    line: str, regions: dict[str, int]
) -> tuple[float, float, dict[str, SettingValue]] | None:
    pos = _skip_ws(line, 0)
    got = collect_timestamp(line, pos)
    if got is None:
        return None
    start, pos = got
    pos = _skip_ws(line, pos)
    if line[pos : pos + 3] != "-->":
        return None
    pos = _skip_ws(line, pos + 3)
    got = collect_timestamp(line, pos)
    if got is None:
        return None
    end, pos = got
    return start, end, parse_settings(line[pos:], regions)


def collect_timestamp(text: str, pos: int) -> tuple[float, int] | None:
    """The spec's "collect a WebVTT timestamp" from ``pos``: (seconds, new position) or None."""
    first = _DIGITS.match(text, pos)
    if first is None:
        return None
    hours_first = len(first.group()) != 2 or int(first.group()) > 59
    pos = first.end()
    if text[pos : pos + 1] != ":":
        return None
    second = _DIGITS.match(text, pos + 1)
    if second is None or len(second.group()) != 2:
        return None
    pos = second.end()
    if hours_first or text[pos : pos + 1] == ":":
        if text[pos : pos + 1] != ":":
            return None
        third = _DIGITS.match(text, pos + 1)
        if third is None or len(third.group()) != 2:
            return None
        pos = third.end()
        v1, v2, v3 = int(first.group()), int(second.group()), int(third.group())
    else:
        v1, v2, v3 = 0, int(first.group()), int(second.group())
    if text[pos : pos + 1] != ".":
        return None
    frac = _DIGITS.match(text, pos + 1)
    if frac is None or len(frac.group()) != 3:
        return None
    if v2 > 59 or v3 > 59:
        return None
    try:
        return (v1 * 3600 + v2 * 60 + v3) + int(frac.group()) / 1000, frac.end()
    except OverflowError:  # hours of hundreds of digits: past any float, so a failed timestamp
        return None


def parse_percentage(value: str) -> float | None:
    """The spec's "parse a percentage string": 0–100, digits with an optional fraction, then ``%``."""
    if _PERCENT.fullmatch(value) is None:
        return None
    number = float(value[:-1])
    return number if 0 <= number <= 100 else None


def _line_number(linepos: str) -> float | None:
    if not any("0" <= ch <= "9" for ch in linepos):
        return None
    if linepos.endswith("%"):
        return parse_percentage(linepos)
    if any(ch not in "-0123456789." for ch in linepos) or "-" in linepos[1:]:
        return None
    if linepos.count(".") > 1:
        return None
    if "." in linepos:
        dot = linepos.index(".")
        if dot in (0, len(linepos) - 1) or not (linepos[dot - 1].isdigit() and linepos[dot + 1].isdigit()):
            return None
    return float(linepos)


def _set_line(value: str, out: dict[str, SettingValue]) -> None:
    linepos, _, linealign = value.partition(",")
    number = _line_number(linepos)
    if number is None:
        return
    # An unknown alignment is ignored, the number still counts (as the spec's test suite has it).
    if linealign in _LINE_ALIGNS:
        out["lineAlign"] = linealign
    out["line"] = number
    out["snapToLines"] = not linepos.endswith("%")
    out.pop("region", None)


def _set_position(value: str, out: dict[str, SettingValue]) -> None:
    colpos, _, colalign = value.partition(",")
    number = parse_percentage(colpos)
    if number is None:
        return
    if colalign in _POSITION_ALIGNS:
        out["positionAlign"] = colalign
    out["position"] = number


def parse_settings(text: str, regions: dict[str, int]) -> dict[str, SettingValue]:
    """The spec's "parse the WebVTT cue settings"; ``regions`` maps a region id to its last index."""
    out: dict[str, SettingValue] = {}
    for setting in _SPLIT_WS.split(text):
        name, colon, value = setting.partition(":")
        if not colon or not name or not value:
            continue
        if name == "region":
            if value in regions:
                out["region"] = regions[value]
            else:
                out.pop("region", None)
        elif name == "vertical" and value in ("rl", "lr"):
            out["vertical"] = value
            out.pop("region", None)
        elif name == "line":
            _set_line(value, out)
        elif name == "position":
            _set_position(value, out)
        elif name == "size":
            size = parse_percentage(value)
            if size is not None:
                out["size"] = size
                if size != 100:
                    out.pop("region", None)
        elif name == "align" and value in _ALIGNS:
            out["align"] = value
    return out


DEFAULTS: dict[str, SettingValue | None] = {
    "region": None,
    "vertical": "",
    "line": "auto",
    "lineAlign": "start",
    "snapToLines": True,
    "position": "auto",
    "positionAlign": "auto",
    "size": 100,
    "align": "center",
}


def settings_view(settings: dict[str, SettingValue]) -> dict[str, SettingValue | None]:
    """Every WebVTT API cue property: the defaults overlaid with what the settings set."""
    return {**DEFAULTS, **settings}
