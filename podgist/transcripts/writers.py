"""Segments and episodes out as WebVTT, SRT, plain text and Markdown.

Turns: consecutive segments of one named speaker make one turn. Segments without a speaker are not
one endless turn: they are grouped into paragraphs of about ``PARAGRAPH_WORDS`` words, closed at a
sentence end. A named turn is headed ``**Name** (m:ss)`` in Markdown; an unnamed paragraph is headed
by its time alone, ``(m:ss)``, since no name is known and none is made up. Times read ``m:ss`` below
one hour and ``h:mm:ss`` from one hour on; an untimed transcript (every time 0) shows no times.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime

from podgist.models import Episode, Segment
from podgist.transcripts.clock import format_clock, format_short
from podgist.transcripts.segments import speakers_of
from podgist.transcripts.speakers import split_prefix

PARAGRAPH_WORDS = 80
_SENTENCE_END = re.compile(r"[.!?…][\"')\]]*$")


def _escape_vtt(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def to_vtt(segments: list[Segment]) -> str:
    """A WebVTT file, one cue per segment, speakers as ``<v Name>`` voice tags."""
    out = ["WEBVTT", ""]
    for seg in segments:
        voice = f"<v {_escape_vtt(seg.speaker)}>" if seg.speaker else ""
        out += [f"{format_clock(seg.start)} --> {format_clock(seg.end)}", voice + _escape_vtt(seg.text), ""]
    return "\n".join(out)


def to_srt(segments: list[Segment]) -> str:
    """An SRT file, one cue per segment; a ``Name:`` prefix marks each change of speaker (and any
    cue whose own text opens like a label, so a reader cannot take that text for a new speaker)."""
    out: list[str] = []
    previous: str | None = None
    for n, seg in enumerate(segments, start=1):
        relabel = seg.speaker != previous or split_prefix(seg.text)[0] is not None
        label = f"{seg.speaker}: " if seg.speaker and relabel else ""
        previous = seg.speaker
        times = f"{format_clock(seg.start, sep=',')} --> {format_clock(seg.end, sep=',')}"
        out += [str(n), times, label + seg.text, ""]
    return "\n".join(out)


def turns(segments: list[Segment]) -> list[tuple[str | None, float, str]]:
    """(speaker, start, text) of each speaker turn or unnamed paragraph."""
    out: list[tuple[str | None, float, list[str]]] = []
    for seg in segments:
        last = out[-1] if out else None
        same = last is not None and last[0] == seg.speaker
        if same and seg.speaker is None and last is not None:
            words = sum(len(t.split()) for t in last[2])
            same = not (words >= PARAGRAPH_WORDS and _SENTENCE_END.search(last[2][-1]))
        if same and last is not None:
            last[2].append(seg.text)
        else:
            out.append((seg.speaker, seg.start, [seg.text]))
    return [(speaker, start, " ".join(texts)) for speaker, start, texts in out]


def _date(published: str | None) -> str | None:
    if not published:
        return None
    text = published.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def _header(episode: Episode) -> list[str]:
    """Title line for the caller to decorate, then the show/date and speakers lines (when known)."""
    lines = [episode.title]
    show_date = " · ".join(part for part in (episode.show, _date(episode.published)) if part)
    if show_date:
        lines.append(show_date)
    names = [s.name for s in episode.speakers]
    names += [n for n in speakers_of(episode.transcript.segments) if n not in names]
    if names:
        lines.append("Speakers: " + ", ".join(names))
    return lines


def _is_timed(segments: list[Segment]) -> bool:
    return any(seg.start or seg.end for seg in segments)


def to_markdown(episode: Episode) -> str:
    """The episode as Markdown: ``# title``, show · date, ``Speakers:``, then one block per turn."""
    head = _header(episode)
    out = [f"# {head[0]}", *head[1:], ""]
    segments = episode.transcript.segments
    timed = _is_timed(segments)
    for speaker, start, text in turns(segments):
        parts = [f"**{speaker}**" if speaker else "", f"({format_short(start)})" if timed else ""]
        heading = " ".join(p for p in parts if p)
        out += [heading, text, ""] if heading else [text, ""]
    return "\n".join(out)


def to_txt(episode: Episode) -> str:
    """The episode as plain text: title, show · date, speakers, then ``[m:ss] Name: text`` turns."""
    out = [*_header(episode), ""]
    segments = episode.transcript.segments
    timed = _is_timed(segments)
    for speaker, start, text in turns(segments):
        stamp = f"[{format_short(start)}] " if timed else ""
        label = f"{speaker}: " if speaker else ""
        out += [f"{stamp}{label}{text}", ""]
    return "\n".join(out)
