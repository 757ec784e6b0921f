"""Speaker shares: how much of the talk time each labelled voice holds."""

from __future__ import annotations

from podgist.models import Segment, SpeakerShare


def speaker_shares(segments: list[Segment]) -> list[SpeakerShare]:
    """Each labelled speaker's talk time and share of all labelled time, most talkative first.

    Time is the sum of segment durations (negative durations count as zero). Unlabelled segments are left
    out, so shares sum to 1 over the labelled part. When no segment has a duration (a transcript with only
    start stamps), words stand in for seconds so the shares still mean something.
    """
    seconds: dict[str, float] = {}
    wordcount: dict[str, int] = {}
    for s in segments:
        if s.speaker is None:
            continue
        seconds[s.speaker] = seconds.get(s.speaker, 0.0) + max(0.0, s.end - s.start)
        wordcount[s.speaker] = wordcount.get(s.speaker, 0) + len(s.text.split())
    total = sum(seconds.values())
    if total > 0:
        weights = seconds
    else:
        weights = {k: float(v) for k, v in wordcount.items()}
        total = sum(weights.values())
    if total <= 0:
        return [SpeakerShare(speaker=k, seconds=0.0, share=1.0 / len(seconds)) for k in sorted(seconds)]
    ranked = sorted(seconds, key=lambda k: (-weights[k], k))
    return [SpeakerShare(speaker=k, seconds=round(seconds[k], 3), share=weights[k] / total) for k in ranked]


def main_guest(shares: list[SpeakerShare], host: str | None) -> str | None:
    """The guest to name in the headline: the most talkative speaker who is not the host, if any."""
    return next((s.speaker for s in shares if s.speaker != host), None)
