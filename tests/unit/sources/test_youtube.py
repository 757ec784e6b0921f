"""YouTube resolution against a stand-in YouTube: captions chosen and parsed, every refusal in the corpus
mapped to its typed error, and uploaded captions bound to their video."""

from __future__ import annotations

import json

import pytest

from podgist.errors import (
    EpisodeNotFound,
    NoTranscript,
    PodgistError,
    TranscriptInvalid,
    UnsupportedSource,
    UpstreamBlocked,
    ValidationFailed,
)
from podgist.models import LookupRequest, UploadedCue, UploadedTranscript
from podgist.sources import resolve
from podgist.sources.base import SourceContext
from tests.corpus import corpus_path
from tests.podcastweb import PodcastWeb
from tests.upstreams import Upstreams, json3, player_response, watch_html
from tests.upstreams import base62 as _b62

LINES = [
    (0.0, 2.5, "Welcome back to the show."),
    (2.5, 6.0, "Today we talk about tides."),
    (6.0, 9.0, "Let's go."),
]


def vid(name: str) -> str:
    """An 11-character video id unique to one test."""
    return _b62(name, 11)


async def test_manual_captions_preferred_over_auto(
    ctx: SourceContext, ups: Upstreams, web: PodcastWeb
) -> None:
    video = vid("manual-over-auto")
    ups.add_video(
        video,
        player_response(video, "Tides", "Sea Channel", [("en", "asr"), ("de", "manual"), ("en", "manual")]),
    )
    ups.add_track(video, "manual", json3(LINES))
    ups.add_track(video, "asr", json3([(0, 1, "wrong track")]))
    resolved = await resolve(LookupRequest(url=f"https://youtu.be/{video}?t=3"), ctx)
    assert resolved.episode_id == f"yt_{video}" and resolved.youtube_id == video
    assert (resolved.title, resolved.show, resolved.duration) == ("Tides", "Sea Channel", 42.0)
    transcript = resolved.inline_transcript
    assert transcript is not None and transcript.source == "youtube:manual" and transcript.language == "en"
    assert "tides" in " ".join(s.text for s in transcript.segments)
    assert "wrong track" not in " ".join(s.text for s in transcript.segments)
    assert resolved.page_url == f"https://www.youtube.com/watch?v={video}"


async def test_auto_captions_in_the_language_beat_manual_in_another(
    ctx: SourceContext, ups: Upstreams
) -> None:
    video = vid("auto-in-language")
    ups.add_video(video, player_response(video, "T", "C", [("de", "manual"), ("en", "asr")]))
    ups.add_track(video, "asr", json3(LINES))
    resolved = await resolve(LookupRequest(url=f"https://m.youtube.com/watch?v={video}"), ctx)
    assert resolved.inline_transcript is not None and resolved.inline_transcript.source == "youtube:asr"


async def test_consent_page_is_answered_once(ctx: SourceContext, ups: Upstreams, web: PodcastWeb) -> None:
    video = vid("consent")
    ups.add_video(video, player_response(video, "T", "C", [("en", "manual")]))
    ups.add_track(video, "manual", json3(LINES))
    ups.consent_first.add(video)
    resolved = await resolve(LookupRequest(url=f"https://www.youtube.com/watch?v={video}"), ctx)
    assert resolved.inline_transcript is not None
    cookies = [h.get("cookie", "") for p, h in web.requests if p.startswith(f"/youtube/watch?v={video}")]
    assert cookies[0] == "" and cookies[-1].startswith("CONSENT=YES+cb.")


def _corpus_player(name: str) -> dict[str, object]:
    return json.loads(corpus_path("youtube", "innertube", name).read_text())  # type: ignore[no-any-return]


CORPUS_REFUSALS = [
    ("youtube_transcripts_disabled.innertube.json", NoTranscript, None),
    ("youtube_transcripts_disabled2.innertube.json", NoTranscript, None),
    ("youtube_age_restricted.innertube.json", UnsupportedSource, "age_restricted"),
    ("youtube_request_blocked.innertube.json", UpstreamBlocked, None),
    ("youtube_unplayable.innertube.json", UnsupportedSource, "unplayable"),
    ("youtube_video_unavailable.innertube.json", EpisodeNotFound, None),
]


@pytest.mark.corpus
@pytest.mark.parametrize(("name", "error", "why"), CORPUS_REFUSALS, ids=[c[0] for c in CORPUS_REFUSALS])
async def test_corpus_refusals_are_typed(
    ctx: SourceContext, ups: Upstreams, name: str, error: type[PodgistError], why: str | None
) -> None:
    video = vid(name)
    ups.add_video(video, _corpus_player(name))
    with pytest.raises(error) as caught:
        await resolve(LookupRequest(url=f"https://www.youtube.com/watch?v={video}"), ctx)
    assert type(caught.value) is error
    if why:
        assert (caught.value.detail or {}).get("why") == why


@pytest.mark.corpus
@pytest.mark.parametrize(
    "name",
    ["youtube_consent_page_invalid.html", "youtube_too_many_requests.html", "youtube_consent_page.html"],
)
async def test_corpus_block_pages_are_upstream_blocked(ctx: SourceContext, ups: Upstreams, name: str) -> None:
    video = vid(name)
    ups.add_video(video, corpus_path("youtube", "innertube", name).read_text())
    with pytest.raises(UpstreamBlocked):
        await resolve(LookupRequest(url=f"https://www.youtube.com/watch?v={video}"), ctx)


async def test_rate_limit_status_is_upstream_blocked(ctx: SourceContext, ups: Upstreams) -> None:
    video = vid("http-429")
    ups.add_video(video, "<html>Too Many Requests</html>", status=429)
    with pytest.raises(UpstreamBlocked):
        await resolve(LookupRequest(url=f"https://youtu.be/{video}"), ctx)


@pytest.mark.corpus
async def test_corpus_player_with_captions_reads_the_timedtext_track(
    ctx: SourceContext, ups: Upstreams
) -> None:
    player = _corpus_player("youtube.innertube.json")
    video = "GJLlxj_dtq8"  # the corpus track URLs name this video
    ups.add_video(video, player)
    ups.add_track(video, "manual", corpus_path("youtube", "innertube", "transcript.xml").read_bytes())
    resolved = await resolve(LookupRequest(url=f"https://www.youtube.com/watch?v={video}"), ctx)
    assert resolved.title == "Surface Go Review - It’s Awesome" and resolved.show == "Dave2D"
    assert resolved.duration == 316.0
    transcript = resolved.inline_transcript
    assert transcript is not None and transcript.source == "youtube:manual" and transcript.language == "en"
    assert "Hey, this is just a test" in transcript.segments[0].text


@pytest.mark.corpus
async def test_corpus_po_token_track_is_skipped_for_one_without(ctx: SourceContext, ups: Upstreams) -> None:
    ups.add_video("GJLlxj_dtq8", _corpus_player("youtube_po_token_required.innertube.json"))
    ups.add_track("GJLlxj_dtq8", "asr", json3(LINES))
    resolved = await resolve(LookupRequest(url="https://youtu.be/GJLlxj_dtq8"), ctx)
    assert resolved.inline_transcript is not None and resolved.inline_transcript.source == "youtube:asr"


def _upload(video: str, cues: list[UploadedCue]) -> UploadedTranscript:
    return UploadedTranscript(video_id=video, cues=cues, language="en", kind="asr")


async def test_uploaded_captions_are_used_without_fetching_the_watch_page(
    ctx: SourceContext, ups: Upstreams, web: PodcastWeb
) -> None:
    video = vid("upload")
    ups.oembed[video] = {"title": "Uploaded tides", "author_name": "Sea Channel"}
    cues = [UploadedCue(start=s, end=e, text=t) for s, e, t in reversed(LINES)] + [
        UploadedCue(start=9, end=9, text=" ")
    ]
    request = LookupRequest(url=f"https://www.youtube.com/shorts/{video}", transcript=_upload(video, cues))
    resolved = await resolve(request, ctx)
    assert not [p for p, _ in web.requests if p.startswith(f"/youtube/watch?v={video}")]
    transcript = resolved.inline_transcript
    assert transcript is not None and transcript.source == "youtube:upload"
    assert [s.id for s in transcript.segments] == list(range(len(transcript.segments)))
    assert transcript.segments[0].start == 0.0 and "Welcome" in transcript.segments[0].text
    assert (resolved.episode_id, resolved.title, resolved.show) == (
        f"yt_{video}",
        "Uploaded tides",
        "Sea Channel",
    )


async def test_uploaded_captions_for_another_video_are_refused(ctx: SourceContext) -> None:
    video = vid("upload-mismatch")
    request = LookupRequest(
        url=f"https://youtu.be/{video}",
        transcript=_upload(vid("other"), [UploadedCue(start=0, end=1, text="hi")]),
    )
    with pytest.raises(ValidationFailed) as caught:
        await resolve(request, ctx)
    assert caught.value.status == 422


async def test_uploaded_captions_without_text_are_invalid(ctx: SourceContext) -> None:
    video = vid("upload-empty")
    request = LookupRequest(
        url=f"https://youtu.be/{video}", transcript=_upload(video, [UploadedCue(start=0, end=1, text="")])
    )
    with pytest.raises(TranscriptInvalid):
        await resolve(request, ctx)


def test_watch_html_shape_is_what_the_reader_expects() -> None:
    from podgist.sources.ytplayer import player_from_html

    player = player_response("abcdefghijk", "T", "C", [])
    assert player_from_html(watch_html(player)) == player
