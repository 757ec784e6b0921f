"""Domain models shared by the API, the workers and every parser.

All wire models are msgspec Structs with camelCase names on the wire. Times are seconds (floats).
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

LookupStatus = Literal["queued", "resolving", "fetching", "transcribing", "analyzing", "done", "failed"]
TERMINAL_STATUSES: frozenset[str] = frozenset({"done", "failed"})


class Base(msgspec.Struct, rename="camel", omit_defaults=True):
    """Common config: camelCase on the wire, defaults omitted from output."""


class FrozenBase(msgspec.Struct, rename="camel", omit_defaults=True, frozen=True):
    """Like :class:`Base`, for immutable (hashable) values."""


class Segment(FrozenBase, frozen=True, gc=False):
    """One timed piece of transcript text, usually a sentence or a speaker's short turn."""

    id: int
    start: float
    end: float
    text: str
    speaker: str | None = None


class Speaker(FrozenBase, frozen=True):
    """A person heard in the episode, named by the publisher (``podcast:person``) or a voice tag."""

    name: str
    role: str | None = None
    href: str | None = None
    img: str | None = None


class Chapter(FrozenBase, frozen=True):
    """A titled span of the episode: the publisher's ``podcast:chapters`` or a computed topic segment."""

    title: str
    start: float
    end: float | None = None
    segment_ids: list[int] = []
    url: str | None = None
    img: str | None = None
    source: Literal["publisher", "computed"] = "publisher"


class TranscriptLink(FrozenBase, frozen=True):
    """A transcript a publisher links from a feed item (``<podcast:transcript>``)."""

    url: str
    type: str | None = None
    language: str | None = None
    rel: str | None = None


class Transcript(Base):
    """The parsed transcript plus where it came from (``publisher:vtt``, ``youtube``, ``asr``…)."""

    source: str
    segments: list[Segment]
    language: str | None = None
    url: str | None = None


# --- insights: every item is grounded in transcript segments ---------------------------------------


class Grounded(Base):
    """Fields every insight item carries so a client can jump to where it rests."""

    segment_ids: list[int]
    start: float
    end: float


class Summary(Grounded):
    headline: str = ""
    overview: str = ""


class Takeaway(Grounded):
    headline: str = ""
    detail: str = ""


class Quote(Grounded):
    text: str = ""
    speaker: str | None = None


class QuestionAnswered(Grounded):
    question: str = ""
    answer: str = ""
    asked_by: str | None = None
    answered_by: str | None = None
    answer_start: float | None = None


class Keyword(Base):
    term: str
    score: float


class SpeakerShare(Base):
    speaker: str
    seconds: float
    share: float


class Insights(Base):
    """Everything the popup shows besides the transcript, computed by one engine."""

    engine: str
    engine_version: str
    summary: Summary
    takeaways: list[Takeaway] = []
    quotes: list[Quote] = []
    questions: list[QuestionAnswered] = []
    chapters: list[Chapter] = []
    keywords: list[Keyword] = []
    speakers: list[SpeakerShare] = []
    note: str | None = None


# --- episodes and lookups --------------------------------------------------------------------------


class Episode(Base):
    """A canonical episode with its transcript and (once computed) insights, as cached and served."""

    id: str
    title: str
    transcript: Transcript
    show: str | None = None
    published: str | None = None
    duration: float | None = None
    audio_url: str | None = None
    page_url: str | None = None
    feed_url: str | None = None
    guid: str | None = None
    artwork_url: str | None = None
    description: str | None = None
    apple_id: str | None = None
    youtube_id: str | None = None
    speakers: list[Speaker] = []
    chapters: list[Chapter] = []
    insights: Insights | None = None
    cached_at: float | None = None


class EpisodeRef(Base):
    """A pointer to a cached episode."""

    episode_id: str


class ErrorBody(Base):
    """The one JSON error shape: a stable snake_case ``code`` and a human ``message``."""

    code: str
    message: str
    detail: dict[str, Any] | None = None


class Lookup(Base):
    """The state of one lookup job, as polled by clients."""

    id: str
    url: str
    status: LookupStatus
    progress: float
    status_url: str
    episode_id: str | None = None
    error: ErrorBody | None = None
    stage: str | None = None
    created_at: float = 0.0
    updated_at: float = 0.0
    generation: int = 0


class UploadedCue(FrozenBase, frozen=True):
    """A caption cue the client already saw (e.g. a YouTube track the page loaded)."""

    start: float
    end: float
    text: str


class UploadedTranscript(Base):
    """A transcript sent along with a lookup; only accepted bound to a YouTube video id."""

    video_id: str
    cues: list[UploadedCue] = []
    language: str | None = None
    kind: Literal["manual", "asr"] = "manual"


class LookupRequest(Base, forbid_unknown_fields=True):
    """Body of ``POST /v1/lookups``."""

    url: str
    guid: str | None = None
    feed_url: str | None = None
    apple_id: str | None = None
    audio_url: str | None = None
    transcript: UploadedTranscript | None = None


def to_json(obj: Any) -> bytes:
    """Encode any of these models (or plain data) to JSON bytes."""
    return _encoder.encode(obj)


_encoder = msgspec.json.Encoder()
