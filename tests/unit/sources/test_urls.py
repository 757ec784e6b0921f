"""URL matching and canonicalization: every spelling of one episode is one lookup id and alias."""

from __future__ import annotations

import pytest

from podgist.errors import InvalidUrl
from podgist.models import LookupRequest
from podgist.sources import apple_episode_request, platform_for, request_alias
from podgist.sources.hosted import platform_of
from podgist.sources.ids import apple_ids, spotify_episode_id, youtube_video_id
from podgist.sources.urls import lookup_id_for, normalize_url

VID = "dQw4w9WgXcQ"
YOUTUBE_SPELLINGS = [
    f"https://www.youtube.com/watch?v={VID}",
    f"http://youtube.com/watch?v={VID}",
    f"https://m.youtube.com/watch?v={VID}&feature=share",
    f"https://music.youtube.com/watch?v={VID}&list=RDAMVM{VID}",
    f"https://www.youtube.com/watch?v={VID}&t=42s",
    f"https://www.youtube.com/watch?list=PL123&index=3&v={VID}&si=abcDEF",
    f"https://youtu.be/{VID}",
    f"https://youtu.be/{VID}?t=10&si=xyz",
    f"https://www.youtube.com/shorts/{VID}",
    f"https://youtube.com/shorts/{VID}?feature=share",
    f"https://www.youtube.com/live/{VID}?si=abc",
    f"https://www.youtube.com/embed/{VID}?start=30",
    f"https://www.youtube-nocookie.com/embed/{VID}?rel=0",
    f"https://WWW.YOUTUBE.COM/watch?v={VID}#comments",
    f"  https://www.youtube.com/watch/?v={VID}  ",
]


@pytest.mark.parametrize("url", YOUTUBE_SPELLINGS)
def test_youtube_spellings_share_one_canonical_url(url: str) -> None:
    assert youtube_video_id(url) == VID
    assert normalize_url(url) == f"https://www.youtube.com/watch?v={VID}"
    assert platform_for(url) == "youtube"


def test_youtube_spellings_share_one_lookup_id_and_alias() -> None:
    ids = {lookup_id_for(normalize_url(u)) for u in YOUTUBE_SPELLINGS}
    aliases = {request_alias(LookupRequest(url=u)) for u in YOUTUBE_SPELLINGS}
    assert len(ids) == 1 and len(aliases) == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/@channel",
        "https://www.youtube.com/playlist?list=PL123",
        "https://www.youtube.com/watch?v=short",
        "https://youtu.be/",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
    ],
)
def test_not_a_video(url: str) -> None:
    assert youtube_video_id(url) is None
    assert normalize_url(url) != f"https://www.youtube.com/watch?v={VID}"


SPOTIFY_ID = "4rOoJ6Egrf8K2IrywzwOMk"


@pytest.mark.parametrize(
    "url",
    [
        f"https://open.spotify.com/episode/{SPOTIFY_ID}",
        f"https://open.spotify.com/episode/{SPOTIFY_ID}?si=a1b2c3d4e5",
        f"https://open.spotify.com/intl-de/episode/{SPOTIFY_ID}",
        f"https://open.spotify.com/embed/episode/{SPOTIFY_ID}?utm_source=generator",
        f"https://open.spotify.com/embed-podcast/episode/{SPOTIFY_ID}",
        f"https://open.spotify.com/episode/{SPOTIFY_ID}/",
    ],
)
def test_spotify_spellings(url: str) -> None:
    assert spotify_episode_id(url) == SPOTIFY_ID
    assert normalize_url(url) == f"https://open.spotify.com/episode/{SPOTIFY_ID}"
    assert platform_for(url) == "spotify"


def test_spotify_show_is_spotify_but_not_an_episode() -> None:
    url = f"https://open.spotify.com/show/{SPOTIFY_ID}"
    assert platform_for(url) == "spotify" and spotify_episode_id(url) is None


@pytest.mark.parametrize(
    ("url", "show", "episode"),
    [
        (
            "https://podcasts.apple.com/us/podcast/the-daily/id1200361736?i=1000651996090",
            "1200361736",
            "1000651996090",
        ),
        (
            "https://podcasts.apple.com/gb/podcast/id1200361736?i=1000651996090&uo=4",
            "1200361736",
            "1000651996090",
        ),
        (
            "https://itunes.apple.com/us/podcast/the-daily/id1200361736?i=1000651996090",
            "1200361736",
            "1000651996090",
        ),
        ("https://podcasts.apple.com/de/podcast/the-daily/id1200361736", "1200361736", None),
        ("https://podcasts.apple.com/podcast?i=1000651996090", None, "1000651996090"),
    ],
)
def test_apple_ids(url: str, show: str | None, episode: str | None) -> None:
    assert apple_ids(url) == (show, episode)
    assert platform_for(url) == "apple"


def test_apple_spellings_and_bare_id_share_one_alias() -> None:
    urls = [
        "https://podcasts.apple.com/us/podcast/the-daily/id1200361736?i=1000651996090",
        "https://podcasts.apple.com/fr/podcast/le-daily/id1200361736?i=1000651996090&l=fr",
        "https://itunes.apple.com/us/podcast/id1200361736?uo=4&i=1000651996090",
    ]
    bare = apple_episode_request("1000651996090")
    assert bare.apple_id == "1000651996090"
    assert {request_alias(LookupRequest(url=u)) for u in urls} == {request_alias(bare)}


@pytest.mark.parametrize("bad", ["", "abc", "12", "1000651996090; DROP", "../1"])
def test_bare_apple_id_must_be_digits(bad: str) -> None:
    with pytest.raises(InvalidUrl):
        apple_episode_request(bad)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://overcast.fm/+AbCdEf123", "overcast"),
        ("https://pca.st/episode/0b4e5c4d-1111-2222-3333-444455556666", "pocketcasts"),
        ("https://pocketcasts.com/podcast/show/uuid/episode/uuid", "pocketcasts"),
        ("https://play.pocketcasts.com/podcasts/uuid/uuid", "pocketcasts"),
        ("https://castro.fm/episode/AbC123", "castro"),
        ("https://podcastaddict.com/the-show/episode/12345", "podcastaddict"),
        ("https://myshow.podbean.com/e/episode-1/", "podbean"),
    ],
)
def test_hosted_pages(url: str, name: str) -> None:
    assert platform_of(url) == name
    assert platform_for(url) == "hosted"


@pytest.mark.parametrize(
    "url", ["https://example.com/feed.xml", "https://cdn.example.com/ep.mp3", "https://evilpodbean.com/x"]
)
def test_everything_else_is_a_site(url: str) -> None:
    assert platform_for(url) == "site"


def test_generic_normalization_still_applies() -> None:
    assert normalize_url("HTTPS://Example.COM:443/Show/Ep/?utm_source=x&b=2&a=1#t=3") == (
        "https://example.com/Show/Ep?a=1&b=2"
    )
