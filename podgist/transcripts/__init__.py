"""Transcripts in every format we read, as the one ``Segment`` model, and back out again.

``parse_transcript`` reads any supported body; ``normalize`` turns caption fragments into readable
sentences; ``choose_transcript`` picks the best of a feed item's transcripts; the writers render
Segments and Episodes as WebVTT, SRT, text and Markdown.
"""

from podgist.models import TranscriptLink
from podgist.transcripts.choose import choose_transcript, rank_transcripts
from podgist.transcripts.normalize import normalize
from podgist.transcripts.parse import ParsedTranscript, parse_text, parse_transcript
from podgist.transcripts.writers import to_markdown, to_srt, to_txt, to_vtt

__all__ = [
    "ParsedTranscript",
    "TranscriptLink",
    "choose_transcript",
    "normalize",
    "parse_text",
    "parse_transcript",
    "rank_transcripts",
    "to_markdown",
    "to_srt",
    "to_txt",
    "to_vtt",
]
