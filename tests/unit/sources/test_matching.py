"""Pure pieces of resolution: which feed item a set of hints names, chapters files, embed and page hints."""

from __future__ import annotations

import itertools
import json

import pytest

from podgist.errors import EpisodeNotFound, UpstreamError
from podgist.sources.chapters import parse_chapters
from podgist.sources.feed import Feed, FeedItem
from podgist.sources.feeditem import match_item, newest_item, same_audio
from podgist.sources.itunes import episode_of, show_of
from podgist.sources.page import parse_page
from podgist.sources.spotifyembed import parse_embed
from tests.corpus import corpus_path
from tests.episodes import FixtureEpisode
from tests.unit.sources.hostedpages import castro_page, overcast_page, pocketcasts_page

FEED = Feed(
    url="https://example.com/feed.xml",
    items=[
        FeedItem(
            guid="g3",
            title="#3: Tides and moons",
            published="2026-03-01T10:00:00Z",
            duration=3600.0,
            audio_url="https://cdn.example.com/3.mp3",
        ),
        FeedItem(
            guid="g2",
            title="Rerun",
            published="2026-02-01T10:00:00Z",
            duration=1800.0,
            audio_url="https://cdn.example.com/2.mp3",
        ),
        FeedItem(
            guid="g1",
            title="Rerun",
            published="2026-01-01T10:00:00Z",
            duration=1200.0,
            audio_url="https://cdn.example.com/1.mp3",
            link="https://example.com/ep/1",
        ),
        FeedItem(
            guid="g4",
            title="Late upload of an old one",
            published="2026-03-05T10:00:00Z",
            audio_url="https://cdn.example.com/4.mp3",
        ),
    ],
)


def test_no_hint_names_the_newest_published_item() -> None:
    assert newest_item(FEED).guid == "g4"
    assert match_item(FEED).guid == "g4"


@pytest.mark.parametrize(
    ("hints", "guid"),
    [
        ({"guid": "g2"}, "g2"),
        ({"page_url": "http://example.com/ep/1/?utm_source=x"}, "g1"),
        ({"audio_url": "https://dts.podtrac.com/redirect.mp3/cdn.example.com/2.mp3?x=1"}, "g2"),
        ({"title": "Rerun", "published": "2026-01-01T22:00:00+00:00"}, "g1"),
        ({"title": "Rerun", "duration": 1830.0}, "g2"),
        ({"title": "Tides and Moons", "duration": 3595.0}, "g3"),
        ({"title": "tides and moons", "published": "2026-03-01T00:00:00Z"}, "g3"),
        ({"title": "Something else", "published": "2026-03-01T00:00:00Z", "duration": 3600.0}, "g3"),
    ],
)
def test_hints_name_one_item(hints: dict[str, object], guid: str) -> None:
    assert match_item(FEED, **hints).guid == guid  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "hints",
    [
        {"guid": "nope"},
        {"title": "Rerun"},
        {"title": "Tides and moons"},
        {"title": "Unknown", "duration": 3600.0},
    ],
)
def test_ambiguous_or_unknown_hints_find_nothing(hints: dict[str, object]) -> None:
    with pytest.raises(EpisodeNotFound):
        match_item(FEED, **hints)  # type: ignore[arg-type]


def test_same_audio() -> None:
    assert same_audio("https://cdn.example.com/a.mp3?t=1", "http://cdn.example.com/a.mp3")
    assert same_audio("https://chrt.fm/track/ABC/cdn.example.com/a.mp3", "https://cdn.example.com/a.mp3")
    assert not same_audio("https://cdn.example.com/a.mp3", "https://cdn.example.com/b.mp3")
    assert not same_audio(None, "https://cdn.example.com/a.mp3")


@pytest.mark.corpus
def test_corpus_chapters_end_where_the_next_begins() -> None:
    chapters = parse_chapters(corpus_path("chapters", "example.json").read_bytes())
    assert len(chapters) == 9 and chapters[0].title == "Intro"
    assert all(a.end == b.start for a, b in itertools.pairwise(chapters))
    assert chapters[3].url == "https://github.com/Podcastindex-org/podcast-namespace"


@pytest.mark.corpus
def test_corpus_chapters_leave_out_silent_markers() -> None:
    raw = json.loads(corpus_path("chapters", "exampleComplex.json").read_text())["chapters"]
    chapters = parse_chapters(corpus_path("chapters", "exampleComplex.json").read_bytes())
    assert len(chapters) == len([c for c in raw if c.get("toc", True)]) < len(raw)


@pytest.mark.parametrize("body", [b"", b"[]", b'{"chapters": 3}', b"<xml/>"])
def test_not_chapters(body: bytes) -> None:
    with pytest.raises(ValueError):
        parse_chapters(body)


def test_itunes_results() -> None:
    show = show_of(
        {
            "wrapperType": "track",
            "kind": "podcast",
            "collectionId": 12,
            "collectionName": "S",
            "feedUrl": "https://f",
        }
    )
    episode = episode_of(
        {
            "wrapperType": "podcastEpisode",
            "kind": "podcast-episode",
            "trackId": 1000000001,
            "trackName": "E",
            "episodeGuid": "g",
            "trackTimeMillis": 61000,
            "collectionId": 12,
        }
    )
    assert show is not None and (show.show_id, show.feed_url) == ("12", "https://f")
    assert episode is not None and (episode.episode_id, episode.guid, episode.duration) == (
        "1000000001",
        "g",
        61.0,
    )
    assert show_of({"wrapperType": "podcastEpisode", "kind": "podcast-episode", "trackId": 3}) is None
    assert episode_of({"wrapperType": "track", "kind": "podcast", "collectionId": 12}) is None


def test_spotify_embed_without_data_or_episode() -> None:
    with pytest.raises(UpstreamError):
        parse_embed("<html><body>Spotify</body></html>", "4rOoJ6Egrf8K2IrywzwOMk")
    other = (
        '<script id="__NEXT_DATA__" type="application/json">{"props": {"uri": "spotify:episode:x"}}</script>'
    )
    with pytest.raises(EpisodeNotFound):
        parse_embed(other, "4rOoJ6Egrf8K2IrywzwOMk")


EP = FixtureEpisode(
    slug="s",
    page_url="https://show.example/ep/1",
    feed_url="https://show.example/feed",
    audio_url="https://cdn.example.com/1.mp3",
    transcript_url=None,
    guid="g",
    title="Ep 1",
)


def test_hosted_page_hints() -> None:
    overcast = parse_page(overcast_page(EP, "1200361736"), "https://overcast.fm/+Ab1")
    assert (overcast.apple_show_id, overcast.audio_url, overcast.title) == (
        "1200361736",
        EP.audio_url,
        "Ep 1",
    )
    pocket = parse_page(pocketcasts_page(EP, "The Show"), "https://pca.st/episode/x")
    assert (pocket.show, pocket.audio_url, pocket.published) == ("The Show", EP.audio_url, "2026-11-03")
    castro = parse_page(castro_page(EP, "The Show"), "https://castro.fm/episode/x")
    assert (castro.show, castro.audio_url) == ("The Show", EP.audio_url)
