"""What we ask an LLM: transcript chunks as numbered segment lines, and the JSON shapes we want back.

Every line is ``[id] (m:ss) Speaker: text`` so the model can cite segment ids; long episodes are cut into
chunks of whole speaker turns (map), and the chunks' answers are merged in one more call (reduce).
"""

from __future__ import annotations

import json
from typing import Any

from podgist.insights.units import turns
from podgist.models import Segment

CHUNK_CHARS = 24_000
"""About 6k tokens of transcript per call: fits small-context models with room for the answer."""

_RULES = """Rules:
- Cite the segment ids (the numbers in brackets) every item rests on, in "segmentIds".
- Quotes must be copied exactly, word for word, from the cited segments; never paraphrase a quote.
- Use only what the transcript says. Answer with one JSON object and nothing else."""

FINAL_SHAPE = """{
  "headline": "a title-like one-liner",
  "overview": "3 to 5 sentences", "overviewSegmentIds": [ids],
  "takeaways": [{"headline": "short", "detail": "one or two sentences", "segmentIds": [ids]}],
  "quotes": [{"text": "verbatim words", "segmentIds": [ids]}],
  "questions": [{"question": "...", "answer": "the answer's gist", "segmentIds": [ids of the question],
                 "answerSegmentIds": [ids of the answer]}],
  "chapters": [{"title": "...", "startSegmentId": id}],
  "keywords": ["topic", "..."]
}"""

PART_SHAPE = """{
  "summary": "2 or 3 sentences", "summarySegmentIds": [ids],
  "takeaways": [{"headline": "short", "detail": "one or two sentences", "segmentIds": [ids]}],
  "quotes": [{"text": "verbatim words", "segmentIds": [ids]}],
  "questions": [{"question": "...", "answer": "the answer's gist", "segmentIds": [ids of the question],
                 "answerSegmentIds": [ids of the answer]}],
  "chapters": [{"title": "...", "startSegmentId": id}],
  "keywords": ["topic", "..."]
}"""

Messages = list[dict[str, str]]


def clock(seconds: float) -> str:
    """``m:ss`` or ``h:mm:ss``."""
    s = max(0, int(seconds))
    h, m, sec = s // 3600, s // 60 % 60, s % 60
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def segment_line(s: Segment) -> str:
    """One transcript line as the model sees it."""
    who = f"{s.speaker}: " if s.speaker else ""
    return f"[{s.id}] ({clock(s.start)}) {who}{' '.join(s.text.split())}"


def chunks(segments: list[Segment], max_chars: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """Consecutive (first, last) segment positions of at most ``max_chars`` of lines, cut between turns.

    A single turn longer than the limit is cut between its segments.
    """
    out: list[tuple[int, int]] = []
    lo, size = 0, 0
    for first, last in turns(segments):
        for i in range(first, last + 1):
            n = len(segment_line(segments[i])) + 1
            if size + n > max_chars and i > lo and (i == first or size + n > max_chars * 1.25):
                out.append((lo, i - 1))
                lo, size = i, 0
            size += n
    if lo < len(segments):
        out.append((lo, len(segments) - 1))
    return out


def final_messages(segments: list[Segment], title: str | None) -> Messages:
    """One call for a transcript that fits in one chunk: ask for everything."""
    head = f"Podcast episode{f' “{title}”' if title else ''}. Transcript:\n"
    body = "\n".join(segment_line(s) for s in segments)
    ask = f"Give the episode's insights as JSON shaped like:\n{FINAL_SHAPE}\n{_limits()}\n{_RULES}"
    return [{"role": "system", "content": ask}, {"role": "user", "content": head + body}]


def part_messages(segments: list[Segment], part: int, parts: int, title: str | None) -> Messages:
    """The map step: one chunk of a long episode."""
    head = f"Part {part} of {parts} of podcast episode{f' “{title}”' if title else ''}. Transcript:\n"
    body = "\n".join(segment_line(s) for s in segments)
    ask = (
        f"This is part {part} of {parts} of a long transcript. Give this part's notes as JSON shaped like:\n"
        f"{PART_SHAPE}\nUp to 4 takeaways, 4 quotes, 4 questions, 3 chapters, 8 keywords.\n{_RULES}"
    )
    return [{"role": "system", "content": ask}, {"role": "user", "content": head + body}]


def merge_messages(notes: list[dict[str, Any]], title: str | None) -> Messages:
    """The reduce step: merge every part's notes into the episode's insights, keeping their segment ids."""
    ask = (
        "You merge notes taken on consecutive parts of one podcast episode into the episode's insights, as "
        f"JSON shaped like:\n{FINAL_SHAPE}\n{_limits()}\n"
        "Choose among the notes' items and keep their segmentIds and quote texts exactly as given.\n" + _RULES
    )
    user = f"Episode{f' “{title}”' if title else ''}. Notes per part, in order:\n" + "\n".join(
        json.dumps({"part": i + 1, **n}, ensure_ascii=False) for i, n in enumerate(notes)
    )
    return [{"role": "system", "content": ask}, {"role": "user", "content": user}]


def _limits() -> str:
    return "4 to 8 takeaways, 5 to 10 quotes, up to 10 questions, a chapter per topic, up to 10 keywords."
