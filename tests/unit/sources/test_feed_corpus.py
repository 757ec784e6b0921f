"""Every feed in the corpus parses (or is refused as ``FeedInvalid``), with the fields we use matching
what podcastparser extracts and what feedparser's ``Expect:`` comments state."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from podgist.errors import FeedInvalid
from podgist.sources.feed import Feed, FeedItem, parse_feed
from podgist.sources.feedbytes import to_utf8
from tests.corpus import corpus_path

pytestmark = pytest.mark.corpus
BASE = "file://tests/data/"  # podcastparser resolves relative URLs against this in its own tests
# podcastparser drops an untitled item with several enclosures; it has a guid and audio, so we keep it.
KEPT_BY_US = {"no_title_multi_enclosure.rss"}
NOT_FEEDS = {"aaa_illformed.xml", "rss_empty_document.xml", "podcast-example.xml"}


def _feeds(*parts: str, pattern: str) -> list[Path]:
    return sorted(corpus_path(*parts).rglob(pattern))


def _epoch(iso: str | None) -> int:
    return int(datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()) if iso else 0


def _audio_enclosure(expected: dict[str, Any]) -> str | None:
    urls = [e["url"] for e in expected.get("enclosures", [])]
    audio = [e["url"] for e in expected.get("enclosures", []) if not e["mime_type"].startswith("image/")]
    return (audio or urls or [None])[0]


def _compare_item(item: FeedItem, expected: dict[str, Any], problems: list[str]) -> None:
    def check(name: str, ours: object, theirs: object) -> None:
        if ours != theirs:
            problems.append(f"{expected.get('title')!r} {name}: ours={ours!r} expected={theirs!r}")

    untitled = (item.audio_url or "").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    check("title", item.title or untitled, expected.get("title", ""))  # podcastparser: the file's name
    # podcastparser resolves a relative guid and falls back to the link, then the enclosure; we keep the
    # guid as published (it is an identity, not a URL) and fall back the same way.
    key = item.guid or item.link or item.audio_url or ""
    theirs = str(expected.get("guid"))
    check("guid", theirs if theirs.endswith(key) and key else key, theirs)
    check("published", _epoch(item.published), expected.get("published", 0))
    check("duration", int(item.duration or 0), expected.get("total_time", 0))
    check("audio", item.audio_url, _audio_enclosure(expected))
    if "transcript_url" in expected:
        check("transcript", item.transcripts[0].url if item.transcripts else None, expected["transcript_url"])
    if "persons" in expected:
        ours = [(p.name, p.role) for p in item.persons]
        check("persons", ours, [(p["name"], p.get("role")) for p in expected["persons"]])


def _podcastparser_cases() -> list[Path]:
    try:
        return _feeds("feeds", "podcastparser", pattern="*.rss")
    except pytest.skip.Exception:
        return []


@pytest.mark.parametrize("path", _podcastparser_cases(), ids=lambda p: p.name)
def test_podcastparser_expectations(path: Path) -> None:
    if path.name in NOT_FEEDS:
        with pytest.raises(FeedInvalid):
            parse_feed(path.read_bytes(), BASE + path.name)
        return
    if path.name in KEPT_BY_US:
        assert parse_feed(path.read_bytes(), BASE + path.name).items
        return
    expected = json.loads(path.with_suffix(".json").read_text())
    params = path.with_name(path.stem + ".param.json")
    feed = parse_feed(path.read_bytes(), BASE + path.name)
    assert (feed.title or path.stem) == expected.get("title", "")  # podcastparser falls back to the file name
    wanted = expected["episodes"]
    items = [i for i in feed.items if i.audio_url or i.guid]  # podcastparser drops the rest
    if params.exists():
        items = items[: json.loads(params.read_text()).get("max_episodes", len(items))]
    assert len(items) == len(wanted)
    problems: list[str] = []
    # podcastparser reverses "serial" shows; the order is not a field we use, so compare by title
    items.sort(key=lambda i: i.title)
    for ours, theirs in zip(items, sorted(wanted, key=lambda e: e.get("title", "")), strict=True):
        _compare_item(ours, theirs, problems)
    assert not problems, "\n".join(problems)


def test_every_corpus_feed_parses_or_is_refused() -> None:
    paths = [p for p in _feeds("feeds", pattern="*") if p.is_file() and p.suffix in (".xml", ".rss")]
    assert len(paths) > 150
    parsed = 0
    for path in paths:
        if path.name in NOT_FEEDS:
            with pytest.raises(FeedInvalid):
                parse_feed(path.read_bytes(), path.as_uri())
            continue
        feed = parse_feed(path.read_bytes(), path.as_uri())
        assert isinstance(feed, Feed)
        parsed += 1
    assert parsed == len(paths) - len(NOT_FEEDS)


def test_doctype_without_entities_parses() -> None:
    feed = parse_feed(
        corpus_path("feeds", "feedparser", "illformed", "always_strip_doctype.xml").read_bytes(), "u"
    )
    assert feed.title == "found"


def test_corrupted_ampersands_keep_the_link() -> None:
    path = corpus_path("feeds", "feedparser", "illformed", "rss_item_link_corrupted_ampersands.xml")
    assert parse_feed(path.read_bytes(), "u").items[0].link == "http://link/get?a=1&b=2"


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("koi8r.xml", "новогоднюю"),
        ("big5.xml", "我希望"),
        ("shiftjis.xml", "記事"),
        ("windows1255.xml", "אתר"),
    ],
)
def test_undeclared_encodings_are_detected(name: str, text: str) -> None:
    body = corpus_path("feeds", "feedparser", "illformed", "chardet", name).read_bytes()
    assert text in to_utf8(body).decode("utf-8")
    parse_feed(body, "u")  # and the feed parses


def test_high_bit_date_in_declared_encoding_does_not_crash() -> None:
    path = corpus_path("feeds", "feedparser", "illformed", "http_high_bit_date.xml")
    assert parse_feed(path.read_bytes(), "u").items == []


def test_podcast_namespace_example_has_transcripts_persons_chapters() -> None:
    feed = parse_feed(corpus_path("feeds", "podcast-namespace", "example.xml").read_bytes(), "u")
    first = feed.items[0]
    assert first.transcripts and all(t.url.startswith("https://") for t in first.transcripts)
    assert {t.type for t in first.transcripts} >= {"text/vtt"} or len(first.transcripts) >= 1
    assert first.chapters_url and first.chapters_url.endswith(".json")
    assert any(p.name for p in first.persons)


def test_partytime_pc20_transcripts_are_found() -> None:
    feed = parse_feed(corpus_path("feeds", "partytime", "pc20rss.xml").read_bytes(), "u")
    with_srt = [i for i in feed.items if any(t.type == "application/srt" for t in i.transcripts)]
    assert len(with_srt) == 47


def _fp(*parts: str) -> Feed:
    return parse_feed(
        corpus_path("feeds", "feedparser", "wellformed", *parts).read_bytes(), "http://f.example/"
    )


# feedparser's Expect: lines, restated for the fields we keep. (Its item-level cases hold items with no
# guid, title, link or enclosure: nothing could name such an item, so we drop it and they do not apply.)
def test_feedparser_itunes_expectations() -> None:
    assert _fp("itunes", "itunes_channel_image.xml").image == "http://example.com/logo.jpg"
    assert _fp("itunes", "itunes_channel_image_url.xml").image == "http://a.b/i.png"
    assert _fp("itunes", "itunes_core_element_uppercase.xml").title == "Example title"
    assert _fp("itunes", "itunes_item_duration.xml").items == []


@pytest.mark.parametrize("name", ["rss2.0simplechapter.xml", "atomsimplechapter.xml"])
def test_feedparser_podlove_chapters(name: str) -> None:
    chapters = _fp("psc", name).items[0].chapters
    assert chapters[0].title == "Welcome"
    assert chapters[1].start == 187.25
    assert chapters[0].end == chapters[1].start and chapters[-1].end is None


def test_feedparser_podlove_chapters_of_two_items() -> None:
    first = _fp("psc", "rss2.0simplechapter2items.xml").items[0].chapters[0]
    assert (first.title, first.start) == ("Livekalender", 12.0)
