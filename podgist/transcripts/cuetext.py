"""Plain text out of caption cue text: tags stripped, character references decoded, voices kept.

A WebVTT cue may hold ``<v Name>`` voice spans, ``<c>``, ``<i>``, ``<b>``, ``<u>``, ``<lang>``, ruby
and ``<00:01.000>`` timestamp tags. ``voice_runs`` splits a cue at each voice start tag so a cue
holding two voices gives two runs; every other tag is dropped and ``&amp;``-style references decoded.
"""

from __future__ import annotations

import html
import re

# A tag runs to ">" or, unclosed, to the end of the cue (the spec's tokenizer does the same).
_TAG = re.compile(r"<[^>]*(?:>|$)")
# SubRip has no tag syntax of its own: strip only the tags players honour, keep a literal "a < b".
SUBRIP_TAG = re.compile(r"</?(?:[ibusc]|font|v|ruby|rt|lang|span)\b[^>]*>", re.I)
_VOICE = re.compile(r"<v(?:\.[^\t\n\f\r >]*)?(?:[\t\n\f\r ]+([^>]*))?(?:>|$)")
_RT = re.compile(r"<rt(?:[.\t\n\f\r ][^>]*)?>.*?(?:</rt>|(?=</ruby>)|$)", re.S)
_INLINE_TIMESTAMP = re.compile(r"<[0-9]{2,}:[0-9]{2}(?::[0-9]{2})?\.[0-9]{3}>")
_DIALOGUE_LINE = re.compile(r"^[-–]\s", re.M)


def collapse(text: str) -> str:
    """Whitespace runs (newlines included) to one space, ends trimmed."""
    return " ".join(text.split())


def plain(raw: str, tags: re.Pattern[str] = _TAG) -> str:
    """Cue text without tags (ruby annotations dropped), references decoded, whitespace collapsed."""
    if "<" in raw:
        if "<rt" in raw:
            raw = _RT.sub("", raw)
        raw = tags.sub("", raw)
    if "&" in raw:
        raw = html.unescape(raw)
    return collapse(raw)


def voice_runs(raw: str) -> list[tuple[str | None, str]]:
    """(voice, plain text) runs of a cue; text before any voice tag has voice None. Empty runs dropped."""
    if "<v" not in raw:
        text = plain(raw)
        return [(None, text)] if text else []
    runs: list[tuple[str | None, str]] = []
    voice: str | None = None
    pos = 0
    for m in _VOICE.finditer(raw):
        _append(runs, voice, plain(raw[pos : m.start()]))
        voice = collapse(html.unescape(m.group(1) or "")) or None
        pos = m.end()
    _append(runs, voice, plain(raw[pos:]))
    return runs


def _append(runs: list[tuple[str | None, str]], voice: str | None, text: str) -> None:
    if not text:
        return
    if runs and runs[-1][0] == voice:
        runs[-1] = (voice, f"{runs[-1][1]} {text}")
    else:
        runs.append((voice, text))


def has_inline_timestamps(raw: str) -> bool:
    """True when cue text carries karaoke-style ``<00:01.000>`` tags (YouTube's rolling auto-captions)."""
    return "<" in raw and _INLINE_TIMESTAMP.search(raw) is not None


def dialogue_lines(raw: str) -> list[str]:
    """A cue's text split at subtitle dialogue dashes (``- Hi.\\n- Hello.``), when two or more lines
    open with one; otherwise the cue text whole. Each part keeps its dash: it marks a turn start."""
    if "\n" not in raw or len(_DIALOGUE_LINE.findall(raw)) < 2:
        return [raw]
    parts: list[str] = []
    for line in raw.split("\n"):
        if _DIALOGUE_LINE.match(line) or not parts:
            parts.append(line)
        else:
            parts[-1] = f"{parts[-1]}\n{line}"
    return parts


def drop_rolling(cues: list[list[str]]) -> list[str]:
    """Plain text of each cue of a rolling caption track, without the lines it repeats.

    Auto-captions show each line twice: as the new bottom line of one cue, then as the top line of the
    next (and again in a 10 ms "freeze" cue). A cue's leading line equal to the previous cue's last
    line is such a repeat; a cue left with nothing gives the empty string.
    """
    out: list[str] = []
    previous_last: str | None = None
    for lines in cues:
        texts = [text for text in map(plain, lines) if text]
        last = texts[-1] if texts else previous_last
        if texts and texts[0] == previous_last:
            texts = texts[1:]
        out.append(" ".join(texts))
        previous_last = last
    return out
