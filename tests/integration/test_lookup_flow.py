"""Lookup → arq worker → Redis cache, end to end, against the fixture podcast web."""

from __future__ import annotations

import asyncio
import time

import httpx
import msgspec
import redis
import redis.asyncio

from podgist import keys
from podgist.episode_memory import episode_stamp
from podgist.sources.urls import normalize_url
from podgist.store import Store
from tests.episodes import publish
from tests.flow import episodes_mentioning, isolated_stack, wait_done, wait_for_status
from tests.podcastweb import PodcastWeb
from tests.stack import Stack


def test_cold_lookup_is_queued_then_cached(client: httpx.Client, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug)
    first = client.post("/v1/lookups", json={"url": ep.page_url})
    assert first.status_code == 202
    body = first.json()
    assert set(body) >= {"id", "status", "progress", "statusUrl"}
    assert body["status"] in ("queued", "resolving", "fetching", "analyzing")
    assert first.headers["location"] == body["statusUrl"] == f"/v1/lookups/{body['id']}"

    final = wait_done(client, body["id"])
    assert final["status"] == "done", final
    assert final["progress"] == 1.0

    episode = client.get(f"/v1/episodes/{final['episodeId']}").json()
    assert episode["title"] == ep.title
    assert episode["show"] == f"The {slug} show"
    assert episode["audioUrl"] == ep.audio_url
    assert episode["pageUrl"] == ep.page_url
    assert episode["published"] == "2026-11-03T10:00:00Z"
    assert episode["duration"] == 40.0
    assert episode["transcript"]["source"] == "publisher:vtt"
    segments = episode["transcript"]["segments"]
    assert segments[0]["speaker"] == "Alice Host"
    assert segments[0]["start"] == 0.0
    assert {s["speaker"] for s in segments} == {"Alice Host", "Bob Guest"}
    assert [s["id"] for s in segments] == list(range(len(segments)))
    assert [p["name"] for p in episode["speakers"]] == ["Alice Host", "Bob Guest"]

    again = client.post("/v1/lookups", json={"url": ep.page_url + "?utm_source=x#t=10"})
    assert again.status_code == 200
    assert again.json()["id"] == final["episodeId"]
    assert again.json()["transcript"]["segments"] == segments


def test_episode_etag_answers_304_until_the_episode_changes(
    client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str
) -> None:
    ep = publish(web, slug)
    done = wait_done(client, client.post("/v1/lookups", json={"url": ep.page_url}).json()["id"])
    path = f"/v1/episodes/{done['episodeId']}"
    plain = {"accept-encoding": "identity"}
    first = client.get(path, headers=plain)
    etag = first.headers["etag"]
    for held in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        unchanged = client.get(path, headers={**plain, "if-none-match": held})
        assert (unchanged.status_code, unchanged.content, unchanged.headers["etag"]) == (304, b"", etag)
    assert client.get(path, headers={**plain, "if-none-match": '"other"'}).content == first.content

    async def retitle() -> None:  # what a re-run of the job does: save the episode again, changed
        r = redis.asyncio.Redis.from_url(redis_url)
        store = Store(r, lookup_ttl=60)
        episode = await store.episode(done["episodeId"])
        assert episode is not None
        tag = await store.episode_tag(done["episodeId"])
        await store.save_episode(msgspec.structs.replace(episode, title="Retitled"), [], tag or "")
        await r.aclose()

    asyncio.run(retitle())
    changed = client.get(path, headers={**plain, "if-none-match": etag})  # the API remembered the old copy
    assert changed.status_code == 200 and changed.json()["title"] == "Retitled"
    assert changed.headers["etag"] != etag


def test_episodes_go_gzipped_to_clients_that_accept_it(
    client: httpx.Client, web: PodcastWeb, slug: str
) -> None:
    ep = publish(web, slug)
    done = wait_done(client, client.post("/v1/lookups", json={"url": ep.page_url}).json()["id"])
    path = f"/v1/episodes/{done['episodeId']}"
    plain = client.get(path, headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers and plain.headers["vary"] == "accept-encoding"
    for accepted in ("gzip", "br;q=1.0, GZIP;q=0.5", "*", "deflate, x-gzip"):
        zipped = client.get(path, headers={"accept-encoding": accepted})  # httpx decodes the body
        assert zipped.headers["content-encoding"] == "gzip", accepted
        assert zipped.content == plain.content
        assert zipped.num_bytes_downloaded < len(plain.content) / 2  # what went over the wire
        assert zipped.headers["etag"] == f"W/{plain.headers['etag']}"
        assert zipped.headers["vary"] == "accept-encoding"
    for refused in ("gzip;q=0", "*;q=0", "br", "gzip;q=x", "identity"):
        assert "content-encoding" not in client.get(path, headers={"accept-encoding": refused}).headers
    gzip_etag = zipped.headers["etag"]
    for accepted, held in (("gzip", gzip_etag), ("identity", gzip_etag), ("gzip", plain.headers["etag"])):
        revalidated = client.get(path, headers={"accept-encoding": accepted, "if-none-match": held})
        assert revalidated.status_code == 304, (accepted, held)
    cached = client.post("/v1/lookups", json={"url": ep.page_url}, headers={"accept-encoding": "gzip"})
    assert cached.status_code == 200 and cached.headers["content-encoding"] == "gzip"
    assert cached.content == plain.content


def test_progress_moves_through_states(client: httpx.Client, web: PodcastWeb, slug: str) -> None:
    ep = publish(web, slug, transcript_kw={"delay": 2.0})
    state = client.post("/v1/lookups", json={"url": ep.page_url}).json()
    seen = [(state["status"], state["progress"])]
    while seen[-1][0] not in ("done", "failed"):
        # ?since= makes a stage entered between two requests count, however short it was.
        params = {"wait": 10, "since": state["updatedAt"]}
        state = client.get(state["statusUrl"], params=params).json()
        seen.append((state["status"], state["progress"]))
    statuses = [s for s, _ in seen]
    assert statuses[-1] == "done"
    assert "fetching" in statuses  # the slow transcript fetch is observed, woken by ?wait
    progresses = [p for _, p in seen]
    assert progresses == sorted(progresses)
    assert 0.0 <= progresses[0] < progresses[-1] == 1.0


def test_episode_is_written_whole_or_not_at_all(
    client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str
) -> None:
    ep = publish(web, slug, transcript_kw={"delay": 1.5})
    lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
    r = redis.Redis.from_url(redis_url)
    while (state := client.get(lookup["statusUrl"]).json())["status"] != "fetching":
        assert state["status"] != "failed", state
        time.sleep(0.05)
    # mid-job: neither the episode nor any alias of it is visible yet
    assert client.post("/v1/lookups", json={"url": ep.page_url}).status_code == 202
    assert not episodes_mentioning(r, slug)
    assert not r.exists(keys.alias(normalize_url(ep.page_url)))
    final = wait_done(client, lookup["id"])
    stored = r.hgetall(keys.episode(final["episodeId"]))
    assert set(stored) == {b"json", b"tag", b"stamp"}
    assert slug.encode() in stored[b"json"]
    assert stored[b"stamp"] == episode_stamp(stored[b"json"], stored[b"tag"].decode())


def test_failed_lookup_writes_nothing_and_can_be_retried(
    client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str
) -> None:
    ep = publish(web, slug, transcript_kw={"status": 500})
    lookup = client.post("/v1/lookups", json={"url": ep.page_url}).json()
    final = wait_done(client, lookup["id"])
    assert final["status"] == "failed"
    assert final["error"]["code"] == "upstream_error"
    assert "500" in final["error"]["message"]
    r = redis.Redis.from_url(redis_url)
    assert not episodes_mentioning(r, slug)
    assert not r.exists(keys.alias(normalize_url(ep.page_url)))
    # a retry inside the back-off joins the failed lookup; after it (1 s in tests) a new run starts
    assert client.post("/v1/lookups", json={"url": ep.page_url}).json()["status"] == "failed"
    publish(web, slug)  # the publisher fixes the transcript
    time.sleep(1.1)
    retry = client.post("/v1/lookups", json={"url": ep.page_url}).json()
    assert retry["id"] == lookup["id"]
    assert retry["status"] == "queued"
    assert wait_done(client, retry["id"])["status"] == "done"


def test_concurrent_lookups_share_one_job(stack: Stack, web: PodcastWeb, slug: str, redis_url: str) -> None:
    ep = publish(web, slug, transcript_kw={"delay": 0.5})

    async def burst() -> list[httpx.Response]:
        async with httpx.AsyncClient(base_url=stack.base, timeout=30) as http:
            return await asyncio.gather(
                *(http.post("/v1/lookups", json={"url": ep.page_url}) for _ in range(50))
            )

    responses = asyncio.run(burst())
    assert {r.status_code for r in responses} == {202}
    ids = {r.json()["id"] for r in responses}
    assert len(ids) == 1
    with httpx.Client(base_url=stack.base, timeout=40) as client:
        assert wait_done(client, ids.pop())["status"] == "done"
    assert web.hits[ep.paths["page"]] == 1
    assert web.hits[ep.paths["feed"]] == 1
    assert web.hits[ep.paths["transcript"]] == 1


def test_a_lookup_waiting_for_speech_to_text_keeps_its_place(
    redis_url: str, web: PodcastWeb, slug: str
) -> None:
    """Past the stale time, a lookup whose speech-to-text job still waits on its queue is joined. Queued
    again, it would go to the back of that queue, so a client asking again could never be served."""
    asr_queue = f"podgist:asr:{slug}"
    stack = isolated_stack(
        redis_url,
        web,
        PODGIST_ASR_ENABLED="true",
        PODGIST_ASR_QUEUE_NAME=asr_queue,
        PODGIST_STALE_LOOKUP_AFTER="1",
    )  # and no speech-to-text worker: the job waits
    ep = publish(web, slug, transcript=None)
    r = redis.Redis.from_url(redis_url)
    try:
        with httpx.Client(base_url=stack.base, timeout=30) as client:
            lookup_id = client.post("/v1/lookups", json={"url": ep.page_url}).json()["id"]
            handed = wait_for_status(client, lookup_id, "transcribing")
            while time.time() < handed["updatedAt"] + 1.1:  # until it would count as stuck
                time.sleep(0.1)
            again = client.post("/v1/lookups", json={"url": ep.page_url})
        assert again.status_code == 202 and again.json()["id"] == lookup_id
        stored = msgspec.json.decode(r.get(keys.lookup(lookup_id)) or b"{}")
        assert stored.get("generation", 0) == 0, stored  # joined: not run again (0 is left out)
        assert r.zcard(asr_queue) == 1
    finally:
        stack.stop()


def test_stale_insights_are_served_then_refreshed_once(
    client: httpx.Client, web: PodcastWeb, slug: str, redis_url: str
) -> None:
    ep = publish(web, slug)
    episode_id = wait_done(client, client.post("/v1/lookups", json={"url": ep.page_url}).json()["id"])[
        "episodeId"
    ]
    r = redis.Redis.from_url(redis_url)
    current = r.hget(keys.episode(episode_id), "tag")
    r.hset(keys.episode(episode_id), "tag", "extractive/0")  # as if cached by an older engine version
    time.sleep(1.1)  # a refresh starts at most once per back-off (1 s in tests) after the last run

    served = [client.post("/v1/lookups", json={"url": ep.page_url}) for _ in range(3)]
    assert [s.status_code for s in served] == [200, 200, 200]  # nobody waits for the upgrade
    assert {s.json()["id"] for s in served} == {episode_id}
    deadline = time.monotonic() + 20
    while r.hget(keys.episode(episode_id), "tag") != current and time.monotonic() < deadline:
        time.sleep(0.05)
    assert r.hget(keys.episode(episode_id), "tag") == current
    assert web.hits[ep.paths["transcript"]] == 1  # re-analyzed from the cached transcript, once


def test_unknown_ids_are_typed_404s(client: httpx.Client) -> None:
    for path in ("/v1/lookups/lk_nope", "/v1/episodes/ep_nope", "/no/such/route"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not_found"
        assert response.json()["message"]


def test_bad_requests_are_typed(client: httpx.Client) -> None:
    cases = [
        (b"{not json", 400, "invalid_json"),
        (b'{"url": "https://example.com/a", "colour": "red"}', 422, "validation_error"),
        (b'{"nourl": 1}', 422, "validation_error"),
        (b'{"url": 42}', 422, "validation_error"),
        (b'{"url": "ftp://example.com/a.mp3"}', 422, "invalid_url"),
        (b'{"url": "javascript:alert(1)"}', 422, "invalid_url"),
        (b'{"url": "not a url"}', 422, "invalid_url"),
        (b'{"url": "https://example.com/a", "feedUrl": "file:///etc/passwd"}', 422, "invalid_url"),
    ]
    for body, status, code in cases:
        response = client.post("/v1/lookups", content=body, headers={"content-type": "application/json"})
        assert response.status_code == status, (body, response.text)
        assert response.json()["code"] == code, (body, response.text)
        assert response.json()["message"]
    wait = client.get("/v1/lookups/lk_x", params={"wait": 99})
    assert wait.status_code in (400, 422) and wait.json()["code"] in ("validation_error", "invalid_request")


def test_health_and_openapi(client: httpx.Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").json() == {"status": "ready"}
    schema = client.get("/schema/openapi.json").json()
    post = schema["paths"]["/v1/lookups"]["post"]
    assert {"200", "202", "400", "422", "503"} <= set(post["responses"])
    assert "ErrorBody" in str(post["responses"]["422"])
    assert {"200", "404"} <= set(schema["paths"]["/v1/episodes/{episode_id}"]["get"]["responses"])
