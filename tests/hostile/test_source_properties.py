"""Hypothesis properties of the source parsers (feeds, pages, YouTube's player, Spotify's embed, iTunes
results, chapters) and of URL handling: arbitrary and hostile input in, a result or a typed error out.

Everything here reads what an upstream server sent, so a stray exception would fail a lookup as an
``internal_error`` instead of saying what was wrong.
"""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from podgist.errors import InvalidUrl, PodgistError
from podgist.sources import itunes, ytplayer
from podgist.sources.chapters import parse_chapters
from podgist.sources.feed import Feed, parse_feed
from podgist.sources.feedbytes import declared_encoding, to_utf8
from podgist.sources.feedfields import clean_html, parse_date, parse_duration
from podgist.sources.feedloose import parse_loose
from podgist.sources.ids import apple_ids, canonical_platform_url, spotify_episode_id, youtube_video_id
from podgist.sources.page import parse_page
from podgist.sources.spotifyembed import parse_embed
from podgist.sources.urls import join_url, lookup_id_for, normalize_url, same_page
from tests.hostile.strategies import (
    dump,
    element,
    feed_documents,
    json_objects,
    json_text,
    json_values,
    page_documents,
    urls,
)

pytestmark = pytest.mark.faults

FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_feed(feed: Feed) -> None:
    for item in feed.items:
        assert not item.is_empty()
        assert item.duration is None or (math.isfinite(item.duration) and item.duration >= 0)
        assert all(isinstance(link.url, str) for link in item.transcripts)


@FAST
@given(st.one_of(feed_documents, st.binary(max_size=400)), urls)
def test_feeds(body: bytes, url: str) -> None:
    try:
        feed = parse_feed(body, url)
    except PodgistError:
        return
    check_feed(feed)


@FAST
@given(st.one_of(feed_documents, st.binary(max_size=300)))
@example(b"<rss><ITEM<DESCRIPTION<content:encoded></content:encoded>")  # feedparser: summary None
def test_loose_feeds(body: bytes) -> None:
    try:
        feed = parse_loose(body, "https://e.test/feed")
    except PodgistError:
        return
    check_feed(feed)


@FAST
@given(st.one_of(feed_documents, st.binary(max_size=200)))
def test_feed_bytes_become_utf8(body: bytes) -> None:
    declared_encoding(body)
    converted = to_utf8(body)
    assert isinstance(converted, bytes)


json_ld = json_values.map(lambda v: f'<script type="application/ld+json">{dump(v)}</script>')
next_data = json_text.map(lambda t: f'<script id="__NEXT_DATA__">{t}</script>')
player_pages = json_text.map(lambda t: f"<script>var ytInitialPlayerResponse = {t};</script>")


@FAST
@given(st.lists(page_documents | json_ld, max_size=3).map("".join), urls)
def test_pages(html: str, url: str) -> None:
    info = parse_page(html, url)  # a page parser has nothing to refuse: hints are simply absent
    assert all(isinstance(u, str) for u in info.feed_urls)
    assert info.audio_url is None or isinstance(info.audio_url, str)


@FAST
@given(st.one_of(next_data, page_documents), st.sampled_from(["4rOoJ6Egrf8K2IrywzwOMk", "x", ""]))
def test_spotify_embed_pages(html: str, episode_id: str) -> None:
    try:
        episode = parse_embed(html, episode_id)
    except PodgistError:
        return
    assert episode.title and episode.show and isinstance(episode.title, str)
    assert episode.duration is None or math.isfinite(episode.duration)


player_documents = json_objects.map(lambda o: {"playabilityStatus": o.get("status"), **o})


@FAST
@given(st.one_of(player_pages, page_documents, st.text(max_size=200)))
def test_youtube_watch_pages(html: str) -> None:
    try:
        player = ytplayer.player_from_html(html)
    except PodgistError:
        return
    read_player(player)


@FAST
@given(st.one_of(json_objects, player_documents))
def test_youtube_player_responses(player: dict[str, Any]) -> None:
    read_player(player)


def read_player(player: dict[str, Any]) -> None:
    """Every step the YouTube source takes with a player response."""
    try:
        ytplayer.check_playable(player, "dQw4w9WgXcQ")
        tracks = ytplayer.caption_tracks(player)
        assert all(isinstance(t.name, str) and isinstance(t.url, str) for t in tracks)
        ytplayer.choose_track(tracks, "en", "dQw4w9WgXcQ")
    except PodgistError:
        pass
    assert isinstance(ytplayer.video_details(player), dict)


@FAST
@given(st.one_of(json_text, json_values.map(lambda v: dump({"chapters": v}))).map(str.encode))
def test_chapters(body: bytes) -> None:
    try:
        chapters = parse_chapters(body)
    except ValueError:  # its documented refusal; load_chapters turns it into "no chapters"
        return
    for chapter in chapters:
        assert math.isfinite(chapter.start) and chapter.start >= 0
        assert chapter.end is None or chapter.end > chapter.start


@FAST
@given(json_objects)
def test_itunes_results(result: dict[str, Any]) -> None:
    show, episode = itunes.show_of(result), itunes.episode_of(result)
    assert show is None or isinstance(show.show_id, str)
    assert episode is None or episode.duration is None or math.isfinite(episode.duration)


@FAST
@given(st.text(max_size=80) | st.sampled_from(["1:2:3", "99:99", "1e999", "nan", "-0", "Tue, 31 Feb 2026"]))
def test_feed_fields_never_raise(text: str) -> None:
    duration = parse_duration(text)
    assert duration is None or (math.isfinite(duration) and duration >= 0)
    parse_date(text)
    clean_html(text)


# --- URLs --------------------------------------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.one_of(urls, element(["a"]), st.text(max_size=120)))
def test_url_readers_never_raise(url: str) -> None:
    youtube_video_id(url)
    spotify_episode_id(url)
    apple_ids(url)
    canonical_platform_url(url)
    same_page(url, "https://e.test/ep/1")
    assert isinstance(join_url("https://e.test/a/", url), str)
    assert isinstance(join_url(url, "/b"), str)


url_parts = st.builds(
    lambda scheme, host, port, path, query: f"{scheme}://{host}{port}{path}{query}",
    st.sampled_from(["http", "https", "HTTP", "hTtPs", "ftp", ""]),
    st.sampled_from(["e.test", "E.TEST.", "[::1]", "127.1", "xn--nxasmq6b.test", "youtu.be", "a@b", ""])
    | st.text(max_size=12),
    st.sampled_from(["", ":80", ":443", ":8080", ":0", ":99999", ":x"]),
    st.text(max_size=20).map(lambda p: "/" + p),
    st.lists(st.sampled_from(["utm_source=x", "b=2", "a=1", "si=1", "v=dQw4w9WgXcQ", "i=1000", "%zz"])).map(
        lambda q: "?" + "&".join(q) if q else ""
    ),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(url_parts, urls))
def test_normalize_url_is_idempotent_and_typed(url: str) -> None:
    try:
        normalized = normalize_url(url)
    except InvalidUrl:
        return
    assert normalized.startswith(("http://", "https://"))
    assert normalize_url(normalized) == normalized
    assert lookup_id_for(normalized) == lookup_id_for(normalize_url(url))
    assert same_page(url, normalized)
