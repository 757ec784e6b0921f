"""The LLM engine against a real OpenAI-compatible HTTP server on 127.0.0.1 (scripted answers).

Checks grounding of whatever the model says (bad ids, invented or near-miss quotes, its own times), the
map-reduce chunking of long transcripts, and the fallback to the extractive engine on every failure.
"""

from __future__ import annotations

import json
import socket
from typing import Any

import httpx
import pytest

from podgist.insights import compute_insights, extractive_insights
from podgist.insights.llm_prompts import CHUNK_CHARS
from podgist.insights.versions import llm_tag
from podgist.models import Chapter, Segment, Speaker, to_json
from podgist.settings import Settings
from tests.episodes import FixtureEpisode, publish
from tests.flow import isolated_stack, wait_done
from tests.llm_server import Reply, completion, llm_server, transcript_lines, user_text
from tests.podcastweb import PodcastWeb
from tests.unit.insights.checks import assert_grounded
from tests.unit.insights.sample import HOST, interview, two_topics

MODEL = "test-model"


def _settings(url: str, timeout: float = 10.0) -> Settings:
    return Settings(
        insights_engine="llm", llm_url=url, llm_model=MODEL, llm_api_key="sk-test", llm_timeout=timeout
    )


async def _run(segs: list[Segment], settings: Settings, chapters: list[Chapter] | None = None) -> Any:
    async with httpx.AsyncClient() as http:
        return await compute_insights(
            segs,
            speakers=[Speaker(name=HOST, role="host")],
            chapters=chapters or [],
            title="T",
            settings=settings,
            http=http,
        )


def _by_id(segs: list[Segment]) -> dict[int, Segment]:
    return {s.id: s for s in segs}


def _interview_answer(body: dict[str, Any]) -> Reply:
    assert [i for i, _, _ in transcript_lines(body)] == list(range(100, 124))
    return completion(
        {
            "headline": "Bread and marathons",
            "overview": "Ben bakes sourdough. He runs marathons. He eats a bagel on race day.",
            "overviewSegmentIds": [103, 109, 118, 999],
            "takeaways": [
                {
                    "headline": "Patience",
                    "detail": "Ferment overnight.",
                    "segmentIds": [110, 109],
                    "start": 1234.5,
                },
                {"headline": "Ghost", "detail": "Cites nothing real.", "segmentIds": [999, "x"]},
            ],
            "quotes": [
                {
                    "text": "patience is the secret ingredient of every great loaf of bread",
                    "segmentIds": [112],
                },
                {
                    "text": "You should never try new foods on race day because your stomach will punish you",
                    "segmentIds": [119],
                },
                {"text": "Bread is overrated and I hate ovens.", "segmentIds": [112]},
                {"text": "I feed my starter twice a day", "segmentIds": [5000]},
                {"text": "I feed my starter twice a day with rye flour", "segmentIds": [103]},
            ],
            "questions": [
                {
                    "question": "What makes a good sourdough starter?",
                    "answer": "Flour, water and patience.",
                    "segmentIds": [102],
                    "answerSegmentIds": [103, 104],
                }
            ],
            "chapters": [
                {"title": "Bread", "startSegmentId": 100},
                {"title": "Running", "startSegmentId": 113},
                {"title": "Nowhere", "startSegmentId": 999},
            ],
            "keywords": ["sourdough", "marathon", "sourdough", 42],
        }
    )


async def test_answer_is_grounded_repaired_and_timed_by_segments() -> None:
    segs = interview()
    by_id = _by_id(segs)
    with llm_server(_interview_answer) as server:
        ins = await _run(segs, _settings(server.url))
    assert_grounded(ins, segs)
    assert ins.engine == "llm" and ins.engine_version == llm_tag(MODEL) and ins.note is None
    assert ins.summary.segment_ids == [103, 109, 118]
    assert [t.headline for t in ins.takeaways] == ["Patience"]
    assert (ins.takeaways[0].start, ins.takeaways[0].end) == (by_id[109].start, by_id[110].end)
    assert [q.text for q in ins.quotes] == [
        "patience is the secret ingredient of every great loaf of bread",
        "You should never try new food on race day, because your stomach will punish you.",
        "I feed my starter twice a day with rye flour",
    ]
    assert [q.segment_ids for q in ins.quotes] == [[112], [119], [104]]
    qa = ins.questions[0]
    assert (qa.asked_by, qa.answered_by, qa.answer_start) == (HOST, "Ben Okafor", by_id[103].start)
    assert [c.title for c in ins.chapters] == ["Bread", "Running"]
    assert [k.term for k in ins.keywords] == ["sourdough", "marathon"]
    assert [s.speaker for s in ins.speakers] == ["Ben Okafor", HOST]
    (req,) = server.requests
    assert req.path == "/v1/chat/completions" and req.headers["authorization"] == "Bearer sk-test"
    assert req.body["model"] == MODEL and "[103] (" in user_text(req.body)


async def test_publisher_chapters_are_kept_with_the_llm() -> None:
    segs = interview()
    with llm_server(_interview_answer) as server:
        ins = await _run(segs, _settings(server.url), chapters=[Chapter(title="Whole show", start=0.0)])
    assert [(c.title, c.source) for c in ins.chapters] == [("Whole show", "publisher")]
    assert ins.chapters[0].segment_ids == [s.id for s in segs]


def _map_reduce(body: dict[str, Any]) -> Reply:
    if user_text(body).startswith("Part "):
        lines = transcript_lines(body)
        first, _, text = lines[0]
        return completion(
            {
                "summary": f"Part starting at {first}.",
                "summarySegmentIds": [first],
                "takeaways": [{"headline": f"From {first}", "detail": "Detail.", "segmentIds": [first]}],
                "quotes": [{"text": text, "segmentIds": [first]}],
                "keywords": ["bread"],
            }
        )
    notes = [json.loads(line) for line in user_text(body).splitlines()[1:]]
    return completion(
        {
            "headline": "Merged",
            "overview": " ".join(n["summary"] for n in notes),
            "overviewSegmentIds": [i for n in notes for i in n["summarySegmentIds"]],
            "takeaways": [t for n in notes for t in n["takeaways"]],
            "quotes": [q for n in notes for q in n["quotes"]],
            "keywords": ["bread", "running"],
        }
    )


async def test_long_transcripts_are_chunked_then_merged() -> None:
    segs = two_topics(repeats=90)
    with llm_server(_map_reduce) as server:
        ins = await _run(segs, _settings(server.url))
    parts = [r for r in server.requests if user_text(r.body).startswith("Part ")]
    merges = [r for r in server.requests if r not in parts]
    assert len(parts) >= 3 and len(merges) == 1
    assert len(server.requests) == len(parts) + 1
    cited = [[i for i, _, _ in transcript_lines(r.body)] for r in parts]
    assert sorted(i for ids in cited for i in ids) == [s.id for s in segs]  # every segment sent exactly once
    assert all(len(user_text(r.body)) < CHUNK_CHARS * 1.3 for r in parts)
    assert "Notes per part" in user_text(merges[0].body)
    assert_grounded(ins, segs)
    first_lines = {transcript_lines(r.body)[0][2] for r in parts}
    assert ins.engine == "llm" and sorted(q.text for q in ins.quotes) == sorted(
        first_lines
    )  # repeats dropped
    assert ins.summary.segment_ids == sorted(ids[0] for ids in cited)


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(status=500, body=b'{"error": "boom"}'), "HTTP 500"),
        (Reply(status=429, body=b"{}"), "HTTP 429"),
        (completion("Sure! Here it is: {not json"), "unparseable JSON"),
        (Reply(body=b"<html>gateway</html>"), "malformed response"),
        (completion({"headline": "No overview"}), "no usable summary in the answer"),
        (
            completion({"overview": "Cites nothing real.", "overviewSegmentIds": [999]}),
            "no usable summary in the answer",
        ),
    ],
)
async def test_failures_fall_back_to_extractive(reply: Reply, reason: str) -> None:
    segs = interview()
    with llm_server(lambda body: reply) as server:
        ins = await _run(segs, _settings(server.url))
    assert len(server.requests) == 1
    assert ins.engine == "extractive" and ins.note == f"llm unavailable: {reason}; used extractive"
    assert_grounded(ins, segs)
    plain = extractive_insights(segs, speakers=[Speaker(name=HOST, role="host")], title="T", note=ins.note)
    assert to_json(ins) == to_json(plain)


async def test_timeout_falls_back() -> None:
    segs = interview()
    with llm_server(lambda body: Reply(delay=2.0, body=b"{}")) as server:
        ins = await _run(segs, _settings(server.url, timeout=0.3))
    assert ins.engine == "extractive" and ins.note == "llm unavailable: timeout; used extractive"


async def test_unreachable_endpoint_falls_back() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    ins = await _run(interview(), _settings(f"http://127.0.0.1:{port}/v1"))
    assert ins.engine == "extractive"
    assert ins.note is not None and ins.note.startswith("llm unavailable: connection error")


async def test_unconfigured_llm_and_default_engine() -> None:
    segs = interview()
    ins = await _run(segs, Settings(insights_engine="llm"))
    assert ins.engine == "extractive" and ins.note == "llm not configured; used extractive"
    default = await compute_insights(
        segs, speakers=[], chapters=[], title=None, settings=Settings(), http=None
    )
    assert default.engine == "extractive" and default.note is None


def test_worker_uses_the_llm_and_falls_back_when_it_fails(redis_url: str, web: PodcastWeb, slug: str) -> None:
    """Through the real API and worker: the configured LLM answers the first episode; when it starts
    failing, the next episode gets extractive insights that say why."""
    failing = {"now": False}

    def script(body: dict[str, Any]) -> Reply:
        if failing["now"]:
            return Reply(status=503, body=b'{"error": "overloaded"}')
        first = transcript_lines(body)[0]
        return completion({"headline": "Sourdough", "overview": first[2], "overviewSegmentIds": [first[0]]})

    with llm_server(script) as llm:
        stack = isolated_stack(
            redis_url, web, PODGIST_INSIGHTS_ENGINE="llm", PODGIST_LLM_URL=llm.url, PODGIST_LLM_MODEL=MODEL
        )
        try:
            with httpx.Client(base_url=stack.base, timeout=40) as client:
                answered = _insights_of(client, publish(web, slug))
                failing["now"] = True
                fallen_back = _insights_of(client, publish(web, slug + "-2"))
        finally:
            stack.stop()
    assert answered["engine"] == "llm" and answered["engineVersion"] == llm_tag(MODEL)
    assert answered["summary"]["headline"] == "Sourdough"
    assert fallen_back["engine"] == "extractive"
    assert "llm unavailable" in fallen_back["note"]


def _insights_of(client: httpx.Client, ep: FixtureEpisode) -> dict[str, Any]:
    lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
    done = wait_done(client, lookup["id"])
    assert done["status"] == "done", done
    insights: dict[str, Any] = client.get(f"/v1/episodes/{done['episodeId']}").json()["insights"]
    return insights
