"""``parse_transcript``: any transcript body to Segments, whatever its format.

Only typed errors leave this module: ``UnsupportedFormat`` when the body is not a transcript at all
(binary data, an image, JSON of another kind) and ``TranscriptInvalid`` when it is one but holds no
usable cue (empty, truncated, corrupt).
"""

from __future__ import annotations

from collections.abc import Callable

import msgspec

from podgist.errors import PodgistError, TranscriptInvalid, UnsupportedFormat
from podgist.models import Segment
from podgist.transcripts import html, markdown, p20json, sbv, srt, text, vtt, youtube
from podgist.transcripts.decode import decode_body
from podgist.transcripts.detect import candidates
from podgist.transcripts.segments import speakers_of


class ParsedTranscript(msgspec.Struct, frozen=True):
    """A parsed transcript: its segments, the format it was read as, and whether it is timed.

    ``timed`` is False when the source gives times only now and then (Markdown stamps every few
    minutes) or not at all: such segments carry only the times the source proves (see
    ``segments.bracket_times``: all 0.0 when it has none), and callers should prefer a timed one.
    """

    segments: list[Segment]
    format: str
    timed: bool
    speakers: list[str]


def _always_timed(parse: Callable[[str], list[Segment]]) -> Callable[[str], tuple[list[Segment], bool]]:
    return lambda body: (parse(body), True)


_PARSERS: dict[str, Callable[[str], tuple[list[Segment], bool]]] = {
    "vtt": _always_timed(vtt.parse),
    "srt": _always_timed(srt.parse),
    "sbv": _always_timed(sbv.parse),
    "json": _always_timed(p20json.parse),
    "youtube-json3": _always_timed(youtube.parse_json3),
    "youtube-xml": _always_timed(youtube.parse_xml),
    "html": html.parse,
    "markdown": markdown.parse,
    "text": text.parse,
}


def parse_text(
    body: str, *, content_type: str | None = None, url: str | None = None, hint: str | None = None
) -> ParsedTranscript:
    """Like ``parse_transcript`` for a body already decoded to text."""
    if not body.strip():
        raise TranscriptInvalid("The transcript is empty.")
    first_error: PodgistError | None = None
    for fmt in candidates(body, hint, content_type, url):
        try:
            segments, timed = _PARSERS[fmt](body)
        except PodgistError as exc:
            first_error = first_error or exc
            continue
        except (
            ValueError,
            TypeError,
            KeyError,
            IndexError,
            AttributeError,
            ArithmeticError,
            RecursionError,
        ) as exc:
            # A parser bug on hostile input must still surface as a typed error.
            first_error = first_error or TranscriptInvalid(f"The {fmt} transcript could not be read: {exc}")
            continue
        return ParsedTranscript(segments=segments, format=fmt, timed=timed, speakers=speakers_of(segments))
    raise first_error or UnsupportedFormat()


def parse_transcript(
    body: bytes, *, content_type: str | None = None, url: str | None = None, hint: str | None = None
) -> ParsedTranscript:
    """Parse a transcript body of any supported format.

    The format comes from ``hint`` (a format name: ``vtt``, ``srt``, ``sbv``, ``json``,
    ``youtube-json3``, ``youtube-xml``, ``html``, ``markdown``, ``text``), else the content type, else
    the URL's extension, else the body itself; a declared format that fails to parse falls back to the
    structured formats the body looks like. Raises ``UnsupportedFormat`` or ``TranscriptInvalid``.
    """
    if not body.strip():
        raise TranscriptInvalid("The transcript is empty.")
    return parse_text(decode_body(body), content_type=content_type, url=url, hint=hint)
