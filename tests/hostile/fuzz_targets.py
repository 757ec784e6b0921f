"""Atheris (libFuzzer) targets for every parser: ``python -m tests.hostile.fuzz_targets NAME [FLAGS]``.

Each target feeds the fuzzer's bytes to one parser and lets only that parser's typed refusals pass
(:class:`PodgistError`; ``ValueError`` for ``parse_chapters``, whose documented refusal it is). Any other
exception escapes, atheris reports it with the input that caused it, and the process exits non-zero.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from typing import cast

import atheris

with atheris.instrument_imports(include=["podgist.transcripts", "podgist.sources"]):  # coverage guides here
    import msgspec

    from podgist.errors import InvalidUrl, PodgistError
    from podgist.models import Segment, UploadedTranscript
    from podgist.sources import itunes, ytplayer
    from podgist.sources.chapters import parse_chapters
    from podgist.sources.feed import parse_feed
    from podgist.sources.feedfields import clean_html, parse_date, parse_duration
    from podgist.sources.feedloose import parse_loose
    from podgist.sources.ids import canonical_platform_url
    from podgist.sources.page import parse_page
    from podgist.sources.spotifyembed import parse_embed
    from podgist.sources.urls import join_url, normalize_url, same_page
    from podgist.sources.ytupload import uploaded_transcript
    from podgist.transcripts import html, markdown, p20json, parse_transcript, sbv, srt, text, vtt, youtube
    from podgist.transcripts.decode import decode_body
    from podgist.transcripts.detect import FORMATS
    from podgist.transcripts.normalize import normalize
    from podgist.transcripts.writers import to_vtt

Target = Callable[[bytes], object]


def _text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _split(data: bytes) -> tuple[str, bytes]:
    """A short string (a URL, a hint) up to the first newline, and the body after it; a plain delimiter
    keeps the seeds readable."""
    head, _, body = data.partition(b"\n")
    return _text(head[:300]), body


def _typed(parse: Callable[[str], object]) -> Target:
    """Parse, and write what was parsed back out as the API would (a time it cannot write is a bug)."""

    def target(data: bytes) -> None:
        try:
            result = parse(_text(data))
        except PodgistError:
            return
        segments = result[0] if isinstance(result, tuple) else result
        to_vtt(normalize(cast(list[Segment], segments)))

    return target


def _transcript(data: bytes) -> None:
    head, body = _split(data)
    hint = head if head in FORMATS else None  # else the head is the URL (and, cut short, a content type)
    with contextlib.suppress(PodgistError):
        parse_transcript(body, url=head or None, hint=hint, content_type=None if hint else head[:20] or None)


def _decode(data: bytes) -> None:
    with contextlib.suppress(PodgistError):
        decode_body(data)


def _upload(data: bytes) -> None:
    try:
        upload = msgspec.json.decode(data, type=UploadedTranscript)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return  # the API's body validation refuses these (400/422) before any parser runs
    with contextlib.suppress(PodgistError):
        uploaded_transcript(upload, upload.video_id)


def _feed(data: bytes) -> None:
    url, body = _split(data)
    with contextlib.suppress(PodgistError):
        parse_feed(body, url)


def _loose(data: bytes) -> None:
    with contextlib.suppress(PodgistError):
        parse_loose(data, "https://e.test/feed")


def _page(data: bytes) -> None:
    url, body = _split(data)
    parse_page(_text(body), url)


def _spotify(data: bytes) -> None:
    with contextlib.suppress(PodgistError):
        parse_embed(_text(data), "4rOoJ6Egrf8K2IrywzwOMk")


def _youtube_player(data: bytes) -> None:
    try:
        player = ytplayer.player_from_html(_text(data))
        ytplayer.video_details(player)
        ytplayer.check_playable(player, "dQw4w9WgXcQ")
        ytplayer.choose_track(ytplayer.caption_tracks(player), "en", "dQw4w9WgXcQ")
    except PodgistError:
        pass


def _chapters(data: bytes) -> None:
    with contextlib.suppress(ValueError):
        parse_chapters(data)


def _itunes(data: bytes) -> None:
    try:
        doc = msgspec.json.decode(data)
    except (msgspec.DecodeError, UnicodeDecodeError, RecursionError):
        return  # what itunes._results refuses as UpstreamError before looking at results
    for result in doc if isinstance(doc, list) else [doc]:
        if isinstance(result, dict):
            itunes.show_of(result)
            itunes.episode_of(result)


def _feed_fields(data: bytes) -> None:
    value = _text(data)
    parse_duration(value)
    parse_date(value)
    clean_html(value)


def _urls(data: bytes) -> None:
    base, rest = _split(data)
    url = _text(rest)
    canonical_platform_url(url)
    same_page(url, base)
    join_url(base, url)
    try:
        normalized = normalize_url(url)
    except InvalidUrl:
        return
    if normalize_url(normalized) != normalized:
        raise AssertionError(f"normalize_url is not idempotent: {url!r} → {normalized!r}")


TARGETS: dict[str, Target] = {
    "vtt": _typed(vtt.parse),
    "srt": _typed(srt.parse),
    "sbv": _typed(sbv.parse),
    "p20json": _typed(p20json.parse),
    "youtube_xml": _typed(youtube.parse_xml),
    "youtube_json3": _typed(youtube.parse_json3),
    "html": _typed(html.parse),
    "markdown": _typed(markdown.parse),
    "text": _typed(text.parse),
    "parse_transcript": _transcript,
    "decode_body": _decode,
    "uploaded_captions": _upload,
    "feed": _feed,
    "feed_loose": _loose,
    "page": _page,
    "spotify_embed": _spotify,
    "youtube_player": _youtube_player,
    "chapters": _chapters,
    "itunes": _itunes,
    "feed_fields": _feed_fields,
    "urls": _urls,
}


def main(argv: list[str]) -> None:
    name, flags = argv[1], argv[2:]
    atheris.Setup([argv[0], *flags], TARGETS[name])
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
