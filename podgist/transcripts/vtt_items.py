"""WebVTT cue text to (start, end, speaker, text) items: voices, dialogue dashes, rolling repeats, labels.

Long files repeat one cue shape thousands of times, so the loop tests for the two common shapes
(text without markup, and one ``<v Name>`` voice opening text without other markup) with substring
checks and reads them inline; every other cue goes through the general tag tokenizer
(``cuetext.voice_runs``), whose result the inline readings equal.
"""

from __future__ import annotations

from podgist.transcripts.cuetext import dialogue_lines, drop_rolling, has_inline_timestamps, voice_runs
from podgist.transcripts.segments import Item
from podgist.transcripts.speakers import speaker_turns
from podgist.transcripts.vtt_blocks import RawCue


def cue_items(cues: list[RawCue]) -> list[Item]:
    """(start, end, speaker, text) items of cues: voices split, dialogue dashes split, rolling repeats
    dropped, and ``Name:`` prefixes read as speakers when no cue names a voice."""
    sample = cues[:200]
    if any(has_inline_timestamps(c[3]) for c in sample) and not any("<v" in c[3] for c in sample):
        texts = drop_rolling([cue[3].split("\n") for cue in cues])
        return [(cue[1], cue[2], None, text) for cue, text in zip(cues, texts, strict=True)]
    items = _voiced(cues)
    if any(item[2] is not None for item in items):
        return items
    labelled = speaker_turns([item[3] for item in items])
    if labelled is None:
        return items
    return [(s, e, speaker, text) for (s, e, _, _), (speaker, text) in zip(items, labelled, strict=True)]


def _voiced(cues: list[RawCue]) -> list[Item]:
    """Items of cues with their voices; a cue holding two voices or dialogue dashes gives several.

    Items with empty text may be kept (``make_segments`` drops them) only when they carry no voice:
    a voice must not count as present when the general path would have dropped its empty run."""
    items: list[Item] = []
    append = items.append
    for _, start, end, raw, _ in cues:
        # A cue splits at dialogue dashes only when two of its lines open with one; without a line
        # break followed by a dash at most its first line does.
        whole = "\n" not in raw or ("\n-" not in raw and "\n–" not in raw)
        if whole and "<" not in raw and "&" not in raw:
            append((start, end, None, " ".join(raw.split())))
        elif whole and raw.startswith("<v ") and raw.count("<") == 1 and ">" in raw and "&" not in raw:
            # ``<v Name>text``: the voice tag is the only tag, so the rest is plain text.
            gt = raw.index(">")
            text = " ".join(raw[gt + 1 :].split())
            if text:
                append((start, end, " ".join(raw[3:gt].split()) or None, text))
        else:
            for part in dialogue_lines(raw):
                for voice, text in voice_runs(part):
                    append((start, end, voice, text))
    return items
