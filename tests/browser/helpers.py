"""Test data for the browser tests: a real (silent) WAV for the fixture `<audio>`, and episodes built with
the API's own models so their wire shape is exactly what the server sends."""

from __future__ import annotations

import io
import json
import re
import wave
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler
from typing import Any

from podgist.models import (
    Chapter,
    Episode,
    Insights,
    Keyword,
    QuestionAnswered,
    Quote,
    Segment,
    Speaker,
    SpeakerShare,
    Summary,
    Takeaway,
    Transcript,
    to_json,
)


def silent_wav(seconds: int = 40, rate: int = 8000) -> bytes:
    """A playable, seekable mono 8-bit WAV of silence."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(1)
        out.setframerate(rate)
        out.writeframes(b"\x80" * (seconds * rate))
    return buf.getvalue()


def ranged(body: bytes, content_type: str = "audio/wav") -> Callable[[BaseHTTPRequestHandler], Any]:
    """A fixture-web handler that honours ``Range`` (as real audio hosts do), so the player can seek."""

    def handle(req: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        headers = {"content-type": content_type, "accept-ranges": "bytes"}
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", req.headers.get("range", ""))
        if not match:
            return 200, headers, body
        start = int(match[1] or 0)
        end = min(int(match[2]) if match[2] else len(body) - 1, len(body) - 1)
        headers["content-range"] = f"bytes {start}-{end}/{len(body)}"
        return 206, headers, body[start : end + 1]

    return handle


WORDS = re.findall(
    r"\w+",
    "bread starter flour water yeast oven crust crumb patience kitchen morning dough salt rise proof "
    "temperature loaf bake knead sourdough levain hydration gluten shape score steam",
)


def long_episode(n: int = 4500, *, insights: bool = True, audio_url: str | None = None) -> dict[str, Any]:
    """An episode with ``n`` segments from two speakers (over an hour long) and, optionally, insights."""
    segments = []
    for i in range(n):
        words = [WORDS[(i * 7 + k * 3) % len(WORDS)] for k in range(9)]
        if i % 500 == 250:
            words[4] = "zeppelin"  # a rare word: exactly n // 500 lines contain it
        segments.append(
            Segment(
                id=i,
                start=i * 1.2,
                end=i * 1.2 + 1.1,
                text=" ".join(words).capitalize() + ".",
                speaker="Alice Host" if (i // 3) % 2 == 0 else "Bob Guest",
            )
        )
    found = None
    if insights:
        found = Insights(
            engine="extractive",
            engine_version="test",
            summary=Summary(
                segment_ids=[0, 1],
                start=0.0,
                end=2.3,
                headline="A baker explains why sourdough needs patience",
                overview="Bob walks through feeding a starter for a week, why a warm kitchen matters, and "
                "the most common beginner mistake: baking before the starter reliably doubles.",
            ),
            takeaways=[
                Takeaway(
                    segment_ids=[3],
                    start=3.6,
                    end=4.7,
                    headline="Feed the starter daily for a week",
                    detail="A young starter makes dense bread.",
                ),
                Takeaway(
                    segment_ids=[40],
                    start=48.0,
                    end=49.1,
                    headline="Keep the kitchen warm",
                    detail="Yeast slows down below 20 °C.",
                ),
                Takeaway(
                    segment_ids=[3100],
                    start=3720.0,
                    end=3721.1,
                    headline="Wait for it to double",
                    detail="Bake only when the rise is reliable.",
                ),
            ],
            quotes=[
                Quote(
                    segment_ids=[7],
                    start=8.4,
                    end=9.5,
                    text="Sourdough is really about patience and wild yeast.",
                    speaker="Bob Guest",
                ),
                Quote(
                    segment_ids=[90], start=108.0, end=109.1, text="They bake too early.", speaker="Bob Guest"
                ),
            ],
            questions=[
                QuestionAnswered(
                    segment_ids=[12, 13],
                    start=14.4,
                    end=16.7,
                    question="How long does a starter take to become active?",
                    answer="Usually about a week of daily feeding.",
                    asked_by="Alice Host",
                    answered_by="Bob Guest",
                    answer_start=15.6,
                ),
            ],
            chapters=[
                Chapter(title="Welcome", start=0.0, end=60.0, source="computed"),
                Chapter(title="Starters", start=60.0, end=1800.0, source="computed"),
                Chapter(title="Beginner mistakes", start=1800.0, end=n * 1.2, source="computed"),
            ],
            keywords=[
                Keyword(term="sourdough", score=0.9),
                Keyword(term="starter", score=0.8),
                Keyword(term="zeppelin", score=0.2),
            ],
            speakers=[
                SpeakerShare(speaker="Alice Host", seconds=2700.0, share=0.5),
                SpeakerShare(speaker="Bob Guest", seconds=2700.0, share=0.5),
            ],
        )
    episode = Episode(
        id="test-long-episode",
        title="Sourdough, slowly: a long conversation about starters",
        show="The Bread Show",
        published="2026-11-03T10:00:00Z",
        duration=n * 1.2,
        audio_url=audio_url,
        transcript=Transcript(source="publisher:vtt", language="en", segments=segments),
        speakers=[Speaker(name="Alice Host", role="host"), Speaker(name="Bob Guest", role="guest")],
        insights=found,
    )
    data: dict[str, Any] = json.loads(to_json(episode))
    return data


def plain_page(title: str) -> str:
    """A web page with no feed link and no audio: not a podcast episode."""
    head = f"<!doctype html><html><head><title>{title}</title></head>"
    return f"{head}<body><h1>{title}</h1><p>Hello.</p></body></html>"


def youtube_like_page(video_id: str, caption_path: str) -> str:
    """A page carrying a YouTube-style player response whose caption track points at ``caption_path``."""
    response = {
        "videoDetails": {"videoId": video_id, "title": "A talk"},
        "captions": {
            "playerCaptionsTracklistRenderer": {
                "captionTracks": [
                    {"baseUrl": f"{caption_path}?v={video_id}&lang=de", "languageCode": "de", "kind": "asr"},
                    {"baseUrl": f"{caption_path}?v={video_id}&lang=en", "languageCode": "en"},
                ]
            }
        },
    }
    return (
        "<!doctype html><html><head><title>A talk</title></head><body>"
        f"<script>var ytInitialPlayerResponse = {json.dumps(response)};</script>"
        "<video></video></body></html>"
    )
