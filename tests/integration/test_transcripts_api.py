"""``/transcripts`` against the real API + worker: every format, ids, insights, search, the demo key,
ETags, and lookups that are pending or failed."""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx
import pytest

from podgist.transcripts.clock import format_clock
from tests.episodes import LONG_VTT, FixtureEpisode, publish
from tests.flow import balance, isolated_stack, make_key, read
from tests.podcastweb import PodcastWeb
from tests.stack import Stack
from tests.upstreams import Upstreams, digits


@pytest.fixture(scope="module")
def demo_episode(web: PodcastWeb) -> tuple[FixtureEpisode, str]:
    """A demo episode known to the iTunes stand-in, and its Apple episode id (fresh each run)."""
    name = f"demo-{time.time_ns()}"
    ep = publish(web, name, title="The demo episode")
    upstreams, show_id, apple_id = Upstreams.on(web), digits(name + "/show", 10), digits(name, 13)
    upstreams.add_show(show_id, f"The {name} show", ep.feed_url)
    upstreams.add_episode(show_id, apple_id, ep)
    return ep, apple_id


@pytest.fixture(scope="module")
def stack(redis_url: str, web: PodcastWeb, demo_episode: tuple[FixtureEpisode, str]) -> Iterator[Stack]:
    running = isolated_stack(redis_url, web, PODGIST_DEMO_EPISODES=demo_episode[1])
    yield running
    running.stop()


@pytest.fixture
def long_episode(web: PodcastWeb, slug: str) -> FixtureEpisode:
    return publish(web, slug, transcript=LONG_VTT, title="Fermentation, an hour and more")


def test_markdown_line_by_line(client: httpx.Client, redis_url: str, long_episode: FixtureEpisode) -> None:
    key = make_key(redis_url, 3)
    response = read(client, key, long_episode)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/markdown; charset=utf-8"
    assert response.headers["x-credits-charged"] == "1"
    assert response.headers["x-credits-remaining"] == "2"
    assert "content-disposition" not in response.headers
    assert response.text.split("\n") == [
        "# Fermentation, an hour and more",
        f"The {long_episode.slug} show · 2026-11-03",
        "Speakers: Alice Host, Bob Guest",
        "",
        "**Alice Host** (0:00)",
        "Welcome back to the long show. Today we go deep on fermentation.",
        "",
        "**Bob Guest** (0:09)",
        "Glad to be here. Fermentation is older than writing.",
        "",
        "**Alice Host** (59:58)",
        "We are nearly at the hour mark.",
        "",
        "**Bob Guest** (1:00:03)",
        "Then let me finish with the koji story. Koji turns rice into sweetness.",
        "",
    ]


def test_every_format_by_param_and_accept_is_free_after_the_first(
    client: httpx.Client, redis_url: str, long_episode: FixtureEpisode
) -> None:
    key = make_key(redis_url, 5)
    first = read(client, key, long_episode, format="json")
    assert first.status_code == 200 and first.headers["content-type"] == "application/json"
    doc = first.json()
    assert doc["title"] == "Fermentation, an hour and more"
    assert [s["speaker"] for s in doc["segments"]][:3] == ["Alice Host", "Alice Host", "Bob Guest"]
    assert doc["segments"][-1] == {
        "id": 5,
        "start": 3725.0,
        "end": 3730.0,
        "text": "Koji turns rice into sweetness.",
        "speaker": "Bob Guest",
    }
    assert set(doc["insights"]) >= {"engine", "summary"}
    assert doc["episodeId"].startswith("ep_")

    srt = read(client, key, long_episode, format="srt")
    assert srt.headers["content-type"] == "application/x-subrip"
    assert srt.headers["content-disposition"].startswith(
        'attachment; filename="fermentation-an-hour-and-more'
    )
    assert srt.headers["content-disposition"].endswith('.srt"')
    assert srt.text.startswith(
        "1\n00:00:00,000 --> 00:00:04,000\nAlice Host: Welcome back to the long show.\n\n"
        "2\n00:00:04,500 --> 00:00:09,000\nToday we go deep on fermentation.\n\n"
    )
    assert "6\n01:02:05,000 --> 01:02:10,000\nKoji turns rice into sweetness.\n" in srt.text

    vtt = client.get(f"/transcripts/{doc['episodeId']}", headers={"x-api-key": key, "accept": "text/vtt"})
    assert vtt.headers["content-type"] == "text/vtt; charset=utf-8"
    assert vtt.text.startswith("WEBVTT\n\n00:00:00.000 --> 00:00:04.000\n<v Alice Host>Welcome back")
    assert "01:00:03.500 --> 01:00:09.000\n<v Bob Guest>Then let me finish with the koji story.\n" in vtt.text

    txt = client.get(
        f"/transcripts/{doc['episodeId']}?format=txt", headers={"authorization": f"Bearer {key}"}
    )
    assert txt.headers["content-type"] == "text/plain; charset=utf-8"
    lines = txt.text.split("\n")
    assert lines[0] == "Fermentation, an hour and more"
    assert (
        "[1:00:03] Bob Guest: Then let me finish with the koji story. Koji turns rice into sweetness."
        in lines
    )

    md = client.get(f"/transcripts/{doc['episodeId']}", params={"download": 1}, headers={"x-api-key": key})
    assert md.headers["content-disposition"] == 'attachment; filename="fermentation-an-hour-and-more.md"'

    for response in (srt, vtt, txt, md):
        assert response.status_code == 200
        assert response.headers["x-credits-charged"] == "0"
    assert balance(client, key) == 4  # five formats, one credit


def test_insights_and_search(client: httpx.Client, redis_url: str, long_episode: FixtureEpisode) -> None:
    key = make_key(redis_url, 1)
    episode_id = read(client, key, long_episode, format="json").json()["episodeId"]
    insights = client.get(f"/transcripts/{episode_id}/insights", headers={"x-api-key": key})
    assert insights.status_code == 200 and insights.headers["x-credits-charged"] == "0"
    assert set(insights.json()) >= {"engine", "summary"}
    found = client.get(f"/transcripts/{episode_id}/search", params={"q": "KOJI"}, headers={"x-api-key": key})
    assert found.status_code == 200
    body = found.json()
    assert body["count"] == 2
    assert [(h["time"], h["speaker"]) for h in body["hits"]] == [
        ("1:00:03", "Bob Guest"),
        ("1:02:05", "Bob Guest"),
    ]
    assert body["hits"][1]["snippet"] == "**Koji** turns rice into sweetness."
    phrase = client.get(
        "/transcripts/search",
        params={"url": long_episode.page_url, "q": "older than writing"},
        headers={"x-api-key": key},
    ).json()
    assert [h["snippet"] for h in phrase["hits"]] == [
        "Glad to be here. Fermentation is **older than writing**."
    ]
    bad = client.get(f"/transcripts/{episode_id}/search", params={"q": " "}, headers={"x-api-key": key})
    assert bad.status_code == 422 and bad.json()["code"] == "validation_error"
    assert balance(client, key) == 0


def test_etag_304_only_after_the_key_paid(
    client: httpx.Client, redis_url: str, long_episode: FixtureEpisode
) -> None:
    key, broke, other = make_key(redis_url, 1), make_key(redis_url, 0), make_key(redis_url, 1)
    first = read(client, key, long_episode)
    tag = first.headers["etag"]
    assert tag.startswith('"') and tag.endswith('"')  # under 1 KB: sent as is, under its strong ETag
    again = client.get(
        "/transcripts",
        params={"url": long_episode.page_url},
        headers={"x-api-key": key, "if-none-match": tag},
    )
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    json_tag = read(client, key, long_episode, format="json").headers["etag"]
    assert json_tag != tag  # one ETag per format
    # A key that never paid cannot turn someone else's ETag into a free read.
    refused = client.get(
        "/transcripts",
        params={"url": long_episode.page_url},
        headers={"x-api-key": broke, "if-none-match": tag},
    )
    assert refused.status_code == 402 and refused.json()["code"] == "insufficient_credits"
    charged = client.get(
        "/transcripts",
        params={"url": long_episode.page_url},
        headers={"x-api-key": other, "if-none-match": tag},
    )
    assert charged.status_code == 304 and charged.headers["x-credits-charged"] == "1"
    assert balance(client, other) == 0


def chatty_vtt(cues: int) -> str:
    """A two-voice WebVTT of ``cues`` five-second cues: tens of KB of transcript."""
    lines = ["WEBVTT", ""]
    for i in range(cues):
        start, voice = i * 5, ("Alice Host", "Bob Guest")[i % 2]
        timing = f"{format_clock(start)} --> {format_clock(start + 5)}"
        lines += [timing, f"<v {voice}>Cue {i}: brine and salt.", ""]
    return "\n".join(lines)


def test_transcripts_go_gzipped_to_clients_that_accept_it(
    client: httpx.Client, redis_url: str, web: PodcastWeb, slug: str
) -> None:
    key, long_episode = make_key(redis_url, 1), publish(web, slug, transcript=chatty_vtt(600))

    def get(encoding: str, **headers: str) -> httpx.Response:
        # httpx decodes gzip itself, so .content is the transcript; content-length is what was sent
        params = {"url": long_episode.page_url, "format": "txt", "wait": 30}
        return client.get(
            "/transcripts", params=params, headers={"x-api-key": key, "accept-encoding": encoding, **headers}
        )

    zipped, plain = get("gzip"), get("identity")
    assert zipped.status_code == plain.status_code == 200
    assert zipped.headers["x-credits-charged"] == "1" and plain.headers["x-credits-charged"] == "0"
    assert zipped.headers["content-encoding"] == "gzip" and "content-encoding" not in plain.headers
    assert zipped.text == plain.text and len(plain.content) > 10_000
    assert int(zipped.headers["content-length"]) < len(plain.content) / 3
    assert "accept-encoding" in zipped.headers["vary"] and "x-api-key" in zipped.headers["vary"]
    strong, weak = plain.headers["etag"], zipped.headers["etag"]
    assert weak == f"W/{strong}"
    # either copy's ETag revalidates the other: the 304 names the one this client would get
    for encoding, held in (("gzip", strong), ("identity", weak), ("gzip", weak)):
        again = get(encoding, **{"if-none-match": held})
        assert again.status_code == 304 and again.content == b""
        assert again.headers["etag"] == (weak if encoding == "gzip" else strong)
    assert balance(client, key) == 0


def test_unknown_url_is_202_and_free_then_wait_delivers(
    client: httpx.Client, redis_url: str, web: PodcastWeb, slug: str
) -> None:
    ep = publish(web, slug, transcript=LONG_VTT, title="Fermentation, late", transcript_kw={"delay": 1.5})
    key = make_key(redis_url, 2)
    pending = client.get("/transcripts", params={"url": ep.page_url}, headers={"x-api-key": key})
    assert pending.status_code == 202, pending.text
    lookup = pending.json()
    assert lookup["status"] in ("queued", "resolving", "fetching", "analyzing")
    assert pending.headers["location"] == lookup["statusUrl"]
    assert balance(client, key) == 2
    done = client.get("/transcripts", params={"url": ep.page_url, "wait": 30}, headers={"x-api-key": key})
    assert done.status_code == 200 and done.text.startswith("# Fermentation")
    assert balance(client, key) == 1
    too_long = client.get("/transcripts", params={"url": ep.page_url, "wait": 31}, headers={"x-api-key": key})
    assert too_long.status_code == 422


def test_failed_lookups_and_bad_ids_cost_nothing(
    client: httpx.Client, redis_url: str, web: PodcastWeb, slug: str
) -> None:
    ep, key = publish(web, slug, transcript=None), make_key(redis_url, 1)  # no transcript, no ASR
    failed = read(client, key, ep)
    assert failed.status_code == 422 and failed.json()["code"] == "no_transcript"
    missing = client.get("/transcripts/ep_0000000000000000", headers={"x-api-key": key})
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    garbage = client.get("/transcripts/not an id", headers={"x-api-key": key})
    assert garbage.status_code == 422 and garbage.json()["code"] == "validation_error"
    bad_format = client.get("/transcripts/ep_0000000000000000?format=docx", headers={"x-api-key": key})
    assert bad_format.status_code == 422 and "docx" in bad_format.json()["message"]
    account = client.get("/v1/account", headers={"x-api-key": key}).json()
    assert (account["balance"], account["episodesPaid"], account["usage"]["charged"]) == (1, 0, 0)


def test_demo_key_reads_only_demo_episodes(
    client: httpx.Client, demo_episode: tuple[FixtureEpisode, str], long_episode: FixtureEpisode
) -> None:
    demo, apple_id = {"x-api-key": "pg_demo"}, demo_episode[1]
    by_apple_id = client.get(f"/transcripts/{apple_id}", params={"wait": 30}, headers=demo)
    assert by_apple_id.status_code == 200, by_apple_id.text
    assert by_apple_id.text.startswith("# The demo episode\n")
    assert by_apple_id.headers["x-credits-charged"] == "0"
    episode_id = client.get(f"/transcripts/{apple_id}?format=json", headers=demo).json()["episodeId"]
    # Our own id of the same episode is in scope too, as are its insights.
    assert client.get(f"/transcripts/{episode_id}/insights", headers=demo).status_code == 200
    assert client.get(f"/transcripts/{episode_id}?format=srt", headers=demo).status_code == 200
    other = client.get("/transcripts", params={"url": long_episode.page_url}, headers=demo)
    assert other.status_code == 403
    body = other.json()
    assert body["code"] == "forbidden" and "demo" in body["message"]
    assert body["detail"] == {"demoEpisodes": [apple_id]}
    assert client.get("/v1/account", headers=demo).json() == {
        "name": "demo",
        "demo": True,
        "balance": None,
        "prefix": None,
        "createdAt": None,
        "episodesPaid": 0,
        "usage": {},
    }
