"""Hosted episode pages in the shapes Overcast, Pocket Casts and Castro use, and one episode published on
every stand-in platform at once (:class:`Everywhere`)."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr

from podgist.models import LookupRequest
from podgist.sources import apple_episode_request
from tests.episodes import FixtureEpisode, publish
from tests.podcastweb import PodcastWeb
from tests.upstreams import Upstreams, base62, digits


# --- -------------------------------------------------------------------------------
def overcast_page(ep: FixtureEpisode, show_id: str) -> str:
    """Overcast's episode page: the show linked by its Apple id (``/itunes<id>/slug``) and the audio."""
    return f"""<!DOCTYPE html><html><head><title>{escape(ep.title)} — Overcast</title>
<meta name="og:title" content={quoteattr(ep.title)}><meta name="og:audio" content={quoteattr(ep.audio_url)}>
<meta name="twitter:card" content="summary"></head><body>
<a class="ocbutton" href="/itunes{show_id}/{ep.slug}">All episodes</a>
<audio id="audioplayer" preload="none" controls>
<source src={quoteattr(ep.audio_url + "#t=0")} type="audio/mpeg"></audio></body></html>"""


def json_ld(ep: FixtureEpisode, show: str) -> str:
    doc = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": ep.title,
        "datePublished": "2026-11-03",
        "associatedMedia": {"@type": "MediaObject", "contentUrl": ep.audio_url},
        "partOfSeries": {"@type": "PodcastSeries", "name": show},
    }
    return f'<script type="application/ld+json">{json.dumps(doc)}</script>'


def pocketcasts_page(ep: FixtureEpisode, show: str) -> str:
    """A Pocket Casts share page: Open Graph tags (title, audio) and PodcastEpisode JSON-LD."""
    return f"""<!DOCTYPE html><html><head><title>{escape(ep.title)} - {escape(show)} - Pocket Casts</title>
<meta property="og:site_name" content="Pocket Casts"><meta property="og:title" content={quoteattr(ep.title)}>
<meta property="og:audio" content={quoteattr(ep.audio_url)}>{json_ld(ep, show)}</head>
<body><h1>{escape(ep.title)}</h1></body></html>"""


def castro_page(ep: FixtureEpisode, show: str) -> str:
    """A Castro episode page: an ``<audio><source>`` player and PodcastEpisode JSON-LD."""
    return f"""<!DOCTYPE html><html><head><title>{escape(ep.title)}</title>
<meta property="og:title" content={quoteattr(ep.title)}>{json_ld(ep, show)}</head>
<body><audio controls><source src={quoteattr(ep.audio_url)} type="audio/mpeg"></audio></body></html>"""


class Everywhere:
    """One published episode, registered with every stand-in platform."""

    def __init__(self, web: PodcastWeb, slug: str) -> None:
        self.ep: FixtureEpisode = publish(web, slug)
        self.show = f"The {slug} show"
        self.show_id, self.apple_id, self.spotify_id = (
            digits(slug, 9),
            "1000" + digits(slug + "e", 9),
            base62(slug),
        )
        ups = Upstreams.on(web)
        ups.add_show(self.show_id, self.show, self.ep.feed_url)
        ups.add_episode(self.show_id, self.apple_id, self.ep)
        ups.add_spotify(self.spotify_id, show=self.show, title=self.ep.title)
        self.overcast = web.add(f"/{slug}/overcast/+Ab1", overcast_page(self.ep, self.show_id))
        self.pocketcasts = web.add(f"/{slug}/pca/episode/1", pocketcasts_page(self.ep, self.show))
        self.castro = web.add(f"/{slug}/castro/episode/1", castro_page(self.ep, self.show))

    @property
    def apple_url(self) -> str:
        return f"https://podcasts.apple.com/us/podcast/x/id{self.show_id}?i={self.apple_id}"

    @property
    def spotify_url(self) -> str:
        return f"https://open.spotify.com/episode/{self.spotify_id}?si=abc"

    def requests(self) -> dict[str, LookupRequest]:
        return {
            "apple": LookupRequest(url=self.apple_url),
            "apple-id": apple_episode_request(self.apple_id),
            "spotify": LookupRequest(url=self.spotify_url),
            "show page": LookupRequest(url=self.ep.page_url),
            "overcast": LookupRequest(url=self.overcast),
            "pocketcasts": LookupRequest(url=self.pocketcasts),
            "castro": LookupRequest(url=self.castro),
            "feed+guid": LookupRequest(url=self.ep.feed_url, guid=self.ep.guid),
            "audio+feed": LookupRequest(url=self.ep.audio_url, feed_url=self.ep.feed_url),
        }
