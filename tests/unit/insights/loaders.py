"""Small readers for the corpus's long transcripts and QMSum meetings, shared by tests and benches.

They are deliberately independent of ``podgist.transcripts``: the insights tests only need segments.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from podgist.models import Segment

WORDS_PER_SECOND = 2.7
"""Speaking rate used to place words between (or after) the time stamps a transcript gives."""

_TURN = re.compile(r"^\*\*(?P<name>[^*]+?):\*\*\s*(?P<text>.*)$")
_STAMP = re.compile(r"\\\[(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.(\d+))?\\\]")
_MARKER = re.compile(r"\{[a-z_]+\}")
_SPACE_BEFORE = re.compile(r"\s+([.,?!;:%)](?:\s|$)|n't\b|'(?:s|re|ve|ll|d|m)\b)")


def load_tsv(path: Path) -> list[Segment]:
    """A Whisper TSV (``start`` ms, ``end`` ms, ``text``) as unlabelled segments."""
    segments: list[Segment] = []
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        start, end, text = line.split("\t", 2)
        if text.strip():
            segments.append(
                Segment(id=len(segments), start=int(start) / 1000, end=int(end) / 1000, text=text)
            )
    return segments


def load_markdown(path: Path) -> list[Segment]:
    """A ``**Name:** text`` transcript, one segment per paragraph, timed from its ``\\[HH:MM:SS\\]`` stamps.

    Stamps are sparse (every few minutes), so times in between are interpolated by word count.
    """
    paragraphs: list[tuple[str, str, float | None]] = []
    speaker = ""
    for raw in path.read_text(encoding="utf-8").split("\n\n"):
        line = " ".join(raw.split())
        m = _TURN.match(line)
        if m:
            speaker, line = m.group("name").strip(), m.group("text")
        stamp = _STAMP.search(line)
        text = _STAMP.sub("", line).replace("\\[", "[").replace("\\]", "]").strip()
        if text and speaker:
            paragraphs.append((speaker, " ".join(text.split()), _seconds(stamp) if stamp else None))
    return _timed(paragraphs)


def _seconds(m: re.Match[str]) -> float:
    h, mnt, s, frac = m.groups()
    return int(h or 0) * 3600 + int(mnt) * 60 + int(s) + (int(frac) / 100 if frac else 0.0)


def _timed(paragraphs: list[tuple[str, str, float | None]]) -> list[Segment]:
    out: list[Segment] = []
    clock = 0.0
    for i, (speaker, text, stamp) in enumerate(paragraphs):
        if stamp is not None and stamp >= clock:
            clock = stamp
        length = max(1.0, len(text.split()) / WORDS_PER_SECOND)
        nxt = next((p[2] for p in paragraphs[i + 1 :] if p[2] is not None), None)
        if nxt is not None and nxt > clock:
            length = min(length, nxt - clock)
        out.append(
            Segment(id=i, start=round(clock, 2), end=round(clock + length, 2), text=text, speaker=speaker)
        )
        clock += length
    return out


def clean_qmsum(text: str) -> str:
    """QMSum turn text made readable: ``{vocalsound}``-style markers removed, tokenizer spaces undone."""
    t = _MARKER.sub(" ", text)
    t = " ".join(t.split())
    t = _SPACE_BEFORE.sub(r"\1", t)
    return re.sub(r"\s+([.,?!])", r"\1", t).strip()


def load_qmsum(path: Path) -> tuple[list[Segment], str]:
    """A QMSum meeting as labelled segments (one per turn, 1 s per 3 words) and its reference summary."""
    data = json.loads(path.read_text(encoding="utf-8"))
    segments: list[Segment] = []
    clock = 0.0
    for turn in data["meeting_transcripts"]:
        text = clean_qmsum(turn["content"])
        if not re.search(r"[A-Za-z]", text):
            continue
        length = max(1.0, len(text.split()) / 3.0)
        segments.append(
            Segment(id=len(segments), start=clock, end=clock + length, text=text, speaker=turn["speaker"])
        )
        clock += length
    return segments, data["general_query_list"][0]["answer"]
