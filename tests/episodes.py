"""Builders for fixture episodes: a show site with an episode page, its RSS feed and transcript files."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from tests.podcastweb import PodcastWeb

TWO_SPEAKER_VTT = """WEBVTT

00:00:00.000 --> 00:00:04.000
<v Alice Host>Welcome to the show. Today we talk about sourdough bread.

00:00:04.500 --> 00:00:09.000
<v Bob Guest>Thanks for having me. Sourdough is really about patience and wild yeast.

00:00:09.500 --> 00:00:14.000
<v Alice Host>How long does a starter take to become active?

00:00:14.500 --> 00:00:21.000
<v Bob Guest>Usually about a week of daily feeding. The key is a warm kitchen and good flour.

00:00:21.500 --> 00:00:27.000
<v Alice Host>What is the biggest mistake beginners make?

00:00:27.500 --> 00:00:34.000
<v Bob Guest>They bake too early. A young starter makes dense bread, so wait until it doubles reliably.

00:00:34.500 --> 00:00:40.000
<v Alice Host>That is great advice. Thanks for joining us, Bob.
"""


@dataclass
class FixtureEpisode:
    """URLs of one published fixture episode."""

    slug: str
    page_url: str
    feed_url: str
    audio_url: str
    transcript_url: str | None
    guid: str
    title: str
    paths: dict[str, str] = field(default_factory=dict)


def feed_xml(show: str, site: str, items: list[str]) -> str:
    """A Podcasting 2.0 RSS feed around pre-rendered ``<item>`` elements."""
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:podcast="https://podcastindex.org/namespace/1.0">
<channel>
  <title>{escape(show)}</title>
  <link>{escape(site)}</link>
  <itunes:image href="{escape(site)}/art.jpg"/>
  {"".join(items)}
</channel>
</rss>"""


def item_xml(
    *,
    title: str,
    guid: str,
    link: str,
    audio: str,
    transcript: str | None,
    ttype: str = "text/vtt",
    duration: str = "00:00:40",
    persons: tuple[tuple[str, str], ...] = (),
) -> str:
    """One feed ``<item>`` with enclosure, optional transcript link and ``podcast:person`` tags."""
    tr = (
        f'<podcast:transcript url={quoteattr(transcript)} type="{ttype}" language="en"/>'
        if transcript
        else ""
    )
    people = "".join(
        f'<podcast:person role="{role}">{escape(name)}</podcast:person>' for name, role in persons
    )
    return f"""
  <item>
    <title>{escape(title)}</title>
    <guid isPermaLink="false">{escape(guid)}</guid>
    <link>{escape(link)}</link>
    <pubDate>Tue, 03 Nov 2026 10:00:00 GMT</pubDate>
    <itunes:duration>{duration}</itunes:duration>
    <enclosure url={quoteattr(audio)} type="audio/mpeg" length="1000"/>
    {tr}{people}
  </item>"""


def episode_page(title: str, feed_url: str, audio_url: str) -> str:
    """A show site's episode page that links its feed and plays the episode."""
    return f"""<!doctype html><html><head><title>{escape(title)}</title>
<link rel="alternate" type="application/rss+xml" title="Feed" href={quoteattr(feed_url)}>
<meta property="og:title" content={quoteattr(title)}>
</head><body><h1>{escape(title)}</h1><audio controls src={quoteattr(audio_url)}></audio></body></html>"""


def publish(
    web: PodcastWeb,
    slug: str,
    *,
    transcript: str | None = TWO_SPEAKER_VTT,
    ttype: str = "text/vtt",
    title: str | None = None,
    audio: bytes = b"ID3fake-audio",
    transcript_kw: dict[str, object] | None = None,
) -> FixtureEpisode:
    """Publish one episode of show ``slug``: page, feed and (optionally) transcript, all on ``web``."""
    title = title or f"Episode about {slug}"
    site = web.url(f"/{slug}")
    paths = {
        "page": f"/{slug}/episodes/1",
        "feed": f"/{slug}/feed.xml",
        "audio": f"/{slug}/audio/1.mp3",
        "transcript": f"/{slug}/transcripts/1.vtt",
    }
    transcript_url = web.url(paths["transcript"]) if transcript is not None else None
    guid = f"{slug}-episode-1"
    item = item_xml(
        title=title,
        guid=guid,
        link=web.url(paths["page"]),
        audio=web.url(paths["audio"]),
        transcript=transcript_url,
        ttype=ttype,
        persons=(("Alice Host", "host"), ("Bob Guest", "guest")),
    )
    web.add(paths["feed"], feed_xml(f"The {slug} show", site, [item]), "application/rss+xml")
    web.add(paths["page"], episode_page(title, web.url(paths["feed"]), web.url(paths["audio"])))
    web.add(paths["audio"], audio, "audio/mpeg")
    if transcript is not None:
        web.add(paths["transcript"], transcript, ttype, **(transcript_kw or {}))
    return FixtureEpisode(
        slug=slug,
        page_url=web.url(paths["page"]),
        feed_url=web.url(paths["feed"]),
        audio_url=web.url(paths["audio"]),
        transcript_url=transcript_url,
        guid=guid,
        title=title,
        paths=paths,
    )


# An hour-long conversation in a few cues: long enough for paging, timestamps past the hour.
LONG_VTT = """WEBVTT

00:00:00.000 --> 00:00:04.000
<v Alice Host>Welcome back to the long show.

00:00:04.500 --> 00:00:09.000
<v Alice Host>Today we go deep on fermentation.

00:00:09.500 --> 00:00:15.000
<v Bob Guest>Glad to be here. Fermentation is older than writing.

00:59:58.000 --> 01:00:03.000
<v Alice Host>We are nearly at the hour mark.

01:00:03.500 --> 01:00:09.000
<v Bob Guest>Then let me finish with the koji story.

01:02:05.000 --> 01:02:10.000
<v Bob Guest>Koji turns rice into sweetness.
"""
