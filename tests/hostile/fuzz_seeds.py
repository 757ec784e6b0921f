"""Seed inputs for the atheris targets: one or two well-formed documents each, so a run of a few seconds
mutates real structure instead of spending its time discovering it from nothing.

Targets that read a URL or hint too take ``head\\nbody`` (see ``fuzz_targets._split``).
"""

from __future__ import annotations

import json

from tests.episodes import TWO_SPEAKER_VTT, episode_page, feed_xml, item_xml
from tests.upstreams import json3, player_response, watch_html

SRT = "1\n00:00:00,000 --> 00:00:02,000\nALICE: Hello there.\n\n2\n00:00:02,500 --> 00:00:04,000\nBOB: Hi!\n"
SBV = "0:00:00.000,0:00:02.000\nHello there.\n\n0:00:02.500,0:00:04.000\nHi!\n"
P20 = json.dumps(
    {
        "version": "1.0.0",
        "segments": [
            {"speaker": "Alice", "startTime": 0, "endTime": 1.5, "body": "Hello"},
            {"speaker": "Bob", "startTime": 1.5, "endTime": 3, "body": "there."},
        ],
    }
)
TIMEDTEXT = (
    '<transcript><text start="0" dur="1.5">Hello &amp; welcome</text><text start="2">Hi</text></transcript>'
)
HTML = "<cite>Alice:</cite><time>0:00</time><p>Hello there.</p><cite>Bob:</cite><time>0:04</time><p>Hi!</p>"
MARKDOWN = "**Alice:** \\[00:00\\] Hello there.\n\n**Bob** (0:04)\nHi!\n"
TEXT = "Alice: Hello there.\n\n[00:04] Bob: Hi!\n"
FEED = feed_xml(
    "Seed show",
    "https://e.test/show",
    [
        item_xml(
            title="Seed episode",
            guid="seed-1",
            link="https://e.test/show/1",
            audio="/audio/1.mp3",
            transcript="https://e.test/t/1.vtt",
            persons=(("Alice Host", "host"),),
        ).replace("</item>", '<podcast:chapters url="/c.json" type="application/json+chapters"/></item>')
    ],
)
PAGE = episode_page("Seed episode", "/feed.xml", "/audio/1.mp3") + (
    '<script type="application/ld+json">{"@type": "PodcastEpisode", "name": "Seed", '
    '"partOfSeries": {"name": "Seed show"}, "associatedMedia": {"contentUrl": "/a.mp3"}}</script>'
    '<a href="https://podcasts.apple.com/us/podcast/seed/id123456789?i=1000123456789">Apple</a>'
)
ENTITY = {
    "type": "episode",
    "uri": "spotify:episode:4rOoJ6Egrf8K2IrywzwOMk",
    "id": "4rOoJ6Egrf8K2IrywzwOMk",
    "name": "Seed",
    "subtitle": "Seed show",
    "duration": 40500,
    "releaseDate": {"isoString": "2026-11-03T10:00:00Z"},
}
SPOTIFY = (
    '<script id="__NEXT_DATA__" type="application/json">'
    + json.dumps({"props": {"pageProps": {"state": {"data": {"entity": ENTITY}}}}})
    + "</script>"
)
PLAYER = player_response("dQw4w9WgXcQ", "Seed", "Seed channel", [("en", "manual"), ("de", "asr")])
REFUSED = {"playabilityStatus": {"status": "LOGIN_REQUIRED", "reason": "Sign in to confirm you're not a bot"}}
CHAPTERS = json.dumps(
    {"version": "1.2.0", "chapters": [{"startTime": 0, "title": "Intro"}, {"startTime": 60, "toc": False}]}
)
ITUNES = json.dumps(
    [
        {"wrapperType": "track", "kind": "podcast", "collectionId": 123, "feedUrl": "https://e.test/f"},
        {"wrapperType": "podcastEpisode", "trackId": 1000, "trackTimeMillis": 1500, "episodeGuid": "g"},
    ]
)
UPLOAD = json.dumps({"videoId": "dQw4w9WgXcQ", "cues": [{"start": 0, "end": 1.5, "text": "Hello there."}]})

SEEDS: dict[str, list[str | bytes]] = {
    "vtt": [
        TWO_SPEAKER_VTT,
        "WEBVTT\n\nREGION\nid:r\n\nSTYLE\n::cue{}\n\n1\n00:01.000 --> 00:02.000 line:0\nx",
    ],
    "srt": [SRT],
    "sbv": [SBV],
    "p20json": [P20],
    "youtube_xml": [TIMEDTEXT, '<timedtext><body><p t="0" d="1500">Hi</p></body></timedtext>'],
    "youtube_json3": [json3([(0, 1.5, "Hello"), (1.5, 3, "Hello there")])],
    "html": [HTML],
    "markdown": [MARKDOWN],
    "text": [TEXT],
    "parse_transcript": ["vtt\n" + TWO_SPEAKER_VTT, "https://e.test/t.srt\n" + SRT, "json\n" + P20],
    "decode_body": [TWO_SPEAKER_VTT.encode("utf-16"), SRT.encode("cp1252"), b"\xef\xbb\xbf" + SBV.encode()],
    "uploaded_captions": [UPLOAD],
    "feed": ["https://e.test/feed.xml\n" + FEED, "https://e.test/feed.xml\n" + FEED.replace("rss", "feed")],
    "feed_loose": [FEED.replace("</channel>", "")],
    "page": ["https://e.test/show/1\n" + PAGE],
    "spotify_embed": [SPOTIFY],
    "youtube_player": [watch_html(PLAYER), watch_html(REFUSED)],
    "chapters": [CHAPTERS],
    "itunes": [ITUNES],
    "feed_fields": ["01:02:03", "Tue, 03 Nov 2026 10:00:00 GMT", "<p>a<br>b &amp; c</p>"],
    "urls": ["https://e.test/\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3&utm_source=x"],
}
