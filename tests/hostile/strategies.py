"""Hypothesis strategies for hostile documents: shaped enough to reach the parsers' deeper paths (the right
keys, tags and timestamps), broken enough to find what a well-formed corpus never shows."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

# Keys the JSON readers look for (Podcasting 2.0 transcripts and chapters, YouTube json3 and player,
# Spotify's embed entity, iTunes results, schema.org JSON-LD), so generated objects hit their branches.
JSON_KEYS = [
    "segments", "startTime", "endTime", "body", "speaker", "chapters", "title", "toc", "url", "img",
    "events", "tStartMs", "dDurationMs", "segs", "utf8", "captions", "playerCaptionsTracklistRenderer",
    "captionTracks", "baseUrl", "languageCode", "kind", "name", "simpleText", "runs", "text",
    "playabilityStatus", "status", "reason", "errorScreen", "videoDetails", "uri", "id", "type", "show",
    "subtitle", "duration", "releaseDate", "isoString", "wrapperType", "collectionId", "trackId",
    "feedUrl", "trackTimeMillis", "@type", "@graph", "partOfSeries", "associatedMedia", "contentUrl",
]  # fmt: skip
JSON_WORDS = [
    "PodcastEpisode", "episode", "asr", "OK", "ERROR", "LOGIN_REQUIRED", "podcast", "podcastEpisode",
    "spotify:episode:4rOoJ6Egrf8K2IrywzwOMk", "4rOoJ6Egrf8K2IrywzwOMk", "en", "http://[x", "/a.vtt",
    "https://e.test/a.mp3", "1e999", "-1", "NaN", "00:01:02", "",
]  # fmt: skip
HOSTILE_URLS = [
    "http://[x", "http://[::1", "http://a:99999/", "https://", "//a/b", "javascript:alert(1)", "file:///etc",
    "http://e.test/%zz", "http://e.test/\x00", "http://e.test/a b",
    "http://127.0.0.1/", "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/",
    "https://podcasts.apple.com/us/podcast/x/id123?i=1000", "https://open.spotify.com/episode/x",
    "HTTP://E.TEST:80/a/?utm_source=x&b=1#f", "http://e.test./", "http://xn--/",
]  # fmt: skip

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(JSON_WORDS),
)
json_values: st.SearchStrategy[Any] = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=5)
        | st.dictionaries(st.sampled_from(JSON_KEYS) | st.text(max_size=8), inner, max_size=6)
    ),
    max_leaves=30,
)
json_objects = st.dictionaries(st.sampled_from(JSON_KEYS), json_values, max_size=8)


def nested(depth: int) -> str:
    """JSON nested past any recursive decoder's stack."""
    return "[" * depth + "]" * depth


def dump(value: Any) -> str:
    """JSON text, NaN and Infinity included (invalid JSON on purpose)."""
    return json.dumps(value, allow_nan=True)


json_text = st.one_of(
    json_values.map(dump),
    json_objects.map(dump),
    st.integers(min_value=1000, max_value=20000).map(nested),
    st.text(max_size=200),
)
LONG_URL = "https://e.test/" + "a" * 5000  # past MAX_URL_LENGTH; kept out of markup to keep examples small
urls = st.one_of(
    st.sampled_from([*HOSTILE_URLS, LONG_URL]), st.text(max_size=60), st.just("https://e.test/ep/1")
)

# --- markup ------------------------------------------------------------------------------------------
ATTR_NAMES = ["url", "href", "type", "rel", "start", "t", "d", "dur", "xml:base", "xmlns", "xmlns:podcast",
              "role", "medium", "language", "property", "name", "content", "src", "id"]  # fmt: skip
ATTR_VALUES = [*HOSTILE_URLS, "audio/mpeg", "text/vtt", "alternate", "enclosure", "canonical", "0", "-1",
               "1e999", "NaN", "https://podcastindex.org/namespace/1.0", "application/rss+xml", "og:audio",
               "og:title", "application/ld+json", "__NEXT_DATA__", "00:01:02.5", "&amp;", "&#0;"]  # fmt: skip
attr_values = st.sampled_from(ATTR_VALUES) | st.text(max_size=20)


def element(tags: list[str]) -> st.SearchStrategy[str]:
    """Markup built from ``tags`` with hostile attributes, nested, unclosed or stray."""
    attrs = st.lists(st.tuples(st.sampled_from(ATTR_NAMES), attr_values), max_size=3).map(
        lambda pairs: "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in pairs)
    )
    leaf = st.one_of(
        st.text(max_size=30), st.sampled_from(["&amp;", "&lt;", "&bogus;", "<![CDATA[x]]>", "<!-- -->"])
    )

    def wrap(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.builds(
            lambda tag, a, body, close: f"<{tag}{a}>{body}" + (f"</{tag}>" if close else ""),
            st.sampled_from(tags),
            attrs,
            st.lists(inner, max_size=4).map("".join),
            st.booleans(),
        )

    return st.recursive(leaf, wrap, max_leaves=25)


FEED_TAGS = ["rss", "channel", "item", "feed", "entry", "title", "link", "guid", "enclosure", "pubDate",
             "itunes:duration", "itunes:image", "podcast:transcript", "podcast:chapters", "podcast:person",
             "psc:chapter", "media:content", "atom:link", "description", "content:encoded", "image", "url",
             "rdf:RDF", "updated", "id"]  # fmt: skip
PAGE_TAGS = ["html", "head", "body", "link", "meta", "audio", "source", "script", "title", "a", "p", "div",
             "time", "cite", "span", "section", "article", "br", "h2", "strong"]  # fmt: skip
PROLOGS = ["", '<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-16"?>',
           '<?xml version="1.0" encoding="big5"?>', '<?xml version="1.0" encoding="nonsense-9"?>',
           '<!DOCTYPE rss SYSTEM "http://127.0.0.1:1/x.dtd">', "\ufeff"]  # fmt: skip
feed_documents = st.builds(
    lambda prolog, body, encoding: (prolog + body).encode(encoding, "replace"),
    st.sampled_from(PROLOGS),
    element(FEED_TAGS),
    st.sampled_from(["utf-8", "utf-16", "latin-1", "big5"]),
)
page_documents = element(PAGE_TAGS)
