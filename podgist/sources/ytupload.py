"""Captions a client sends with a lookup (the YouTube page it has open already loaded them), used instead of
fetching when YouTube blocks this server. Accepted only bound to the video the lookup names."""

from __future__ import annotations

import math

from podgist.errors import TranscriptInvalid, ValidationFailed
from podgist.models import Segment, Transcript, UploadedCue, UploadedTranscript
from podgist.transcripts import normalize
from podgist.transcripts.segments import MAX_SECONDS, plausible

MAX_CUES = 50_000
MAX_TEXT = 2_000


def _clean(cue: UploadedCue) -> tuple[float, float, str] | None:
    text = " ".join(cue.text.split())[:MAX_TEXT]
    if not text or not (plausible(cue.start) and math.isfinite(cue.end)):
        return None
    return cue.start, min(max(cue.end, cue.start), MAX_SECONDS), text


def uploaded_transcript(upload: UploadedTranscript, video_id: str) -> Transcript:
    """The uploaded cues as a normalized transcript (source ``youtube:upload``).

    Raises :class:`ValidationFailed` when the upload is for another video or too large, and
    :class:`TranscriptInvalid` when no cue carries text.
    """
    if upload.video_id != video_id:
        raise ValidationFailed(
            "The uploaded transcript is for another video than the URL names.",
            detail={"videoId": video_id, "transcriptVideoId": upload.video_id[:40]},
        )
    if len(upload.cues) > MAX_CUES:
        raise ValidationFailed(f"An uploaded transcript may hold at most {MAX_CUES:,} cues.")
    cues = sorted(c for c in (_clean(cue) for cue in upload.cues) if c is not None)
    if not cues:
        raise TranscriptInvalid("The uploaded transcript holds no cue with text.")
    segments = normalize([Segment(id=i, start=s, end=e, text=t) for i, (s, e, t) in enumerate(cues)])
    if not segments:
        raise TranscriptInvalid("The uploaded transcript holds no cue with text.")
    return Transcript(source="youtube:upload", segments=segments, language=upload.language)
