"""Which format a transcript body is in: declared content type, then URL extension, then sniffing.

A declaration is trusted first but not blindly (servers label SRT ``text/plain`` and VTT
``application/octet-stream``): ``candidates`` lists the declared format followed by what the body
itself looks like, and the caller tries them in order.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from podgist.errors import UnsupportedFormat
from podgist.transcripts import sbv, srt

FORMATS = ("vtt", "srt", "sbv", "json", "youtube-json3", "youtube-xml", "html", "markdown", "text")
TIMED_FORMATS = frozenset({"vtt", "srt", "sbv", "json", "youtube-json3", "youtube-xml"})
# Declarations too vague to pick a parser on their own: the body decides.
_VAGUE = frozenset({"text", "xml", "any"})

_CONTENT_TYPES = {
    "text/vtt": "vtt",
    "text/webvtt": "vtt",
    "application/x-subrip": "srt",
    "application/srt": "srt",
    "application/x-srt": "srt",
    "text/srt": "srt",
    "text/x-srt": "srt",
    "text/x-subrip": "srt",
    "text/sbv": "sbv",
    "application/json": "json",
    "application/x-json": "json",
    "text/json": "json",
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/markdown": "markdown",
    "text/x-markdown": "markdown",
    "text/plain": "text",
    "text/xml": "xml",
    "application/xml": "xml",
    "application/octet-stream": "any",
    "binary/octet-stream": "any",
}
_EXTENSIONS = {
    ".vtt": "vtt",
    ".webvtt": "vtt",
    ".srt": "srt",
    ".sbv": "sbv",
    ".json": "json",
    ".html": "html",
    ".htm": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".txt": "text",
    ".xml": "xml",
}
_YOUTUBE_FMT = {"json3": "youtube-json3", "srv1": "youtube-xml", "srv3": "youtube-xml", "vtt": "vtt"}
_MD_LABEL = re.compile(r"^\*\*[^*\n]{1,60}(?::\*\*|\*\*[ \t]*:|\*\*[ \t]*(?:\([0-9:.]+\))?[ \t]*$)", re.M)
_HTML_HINT = re.compile(r"<(?:!doctype|html|body|p|div|cite|time|span|section|article)\b", re.I)


def declared(content_type: str | None, url: str | None) -> str | None:
    """The format a content type or URL declares, or None; media types that are never transcripts
    (images, audio, video) raise ``UnsupportedFormat``."""
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime.split("/", 1)[0] in ("image", "audio", "video", "font"):
            raise UnsupportedFormat(f"A {mime} body is not a transcript.")
        if mime in _CONTENT_TYPES:
            return _CONTENT_TYPES[mime]
    if url:
        try:
            parts = urlsplit(url)
        except ValueError:  # "http://[x": a URL that cannot be read declares nothing
            return None
        fmt = parse_qs(parts.query).get("fmt", [""])[0]
        if "timedtext" in parts.path and fmt in _YOUTUBE_FMT:
            return _YOUTUBE_FMT[fmt]
        path = parts.path.lower()
        for ext, name in _EXTENSIONS.items():
            if path.endswith(ext):
                return name
    return None


def sniff(text: str) -> list[str]:
    """Formats the body looks like, most specific first (always ending with a text format)."""
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if head.startswith("WEBVTT"):
        return ["vtt", "srt"]
    if head.startswith(("{", "[")):
        return ["youtube-json3", "json"] if '"events"' in head or '"tStartMs"' in head else ["json"]
    if head.startswith("<") and "<!entity" in text[:65536].lower():
        # XML declaring entities (a billion-laughs bomb, say) is read as the one XML format, which refuses
        # them; HTML or text readers would have made a transcript of the raw declarations.
        return ["youtube-xml"]
    found: list[str] = []
    lowered = head[:512].lower()
    if head.startswith("<") and ("<transcript" in lowered or "<timedtext" in lowered):
        found.append("youtube-xml")
    if head.startswith("<") and _HTML_HINT.search(head):
        found.append("html")
    if srt.TIMING.search(text) is not None:
        found.append("srt")
    if sbv.looks_like(text):
        found.append("sbv")
    if found:
        return found
    return ["markdown", "text"] if len(_MD_LABEL.findall(text[:65536])) >= 2 else ["text"]


def candidates(text: str, hint: str | None, content_type: str | None, url: str | None) -> list[str]:
    """Formats to try, in order: the hint or declared format, then the sniffed ones."""
    chosen = hint.lower() if hint else declared(content_type, url)
    if chosen is not None and chosen not in FORMATS and chosen not in _VAGUE:
        raise UnsupportedFormat(f"Unknown transcript format {chosen!r}.")
    sniffed = sniff(text)
    if chosen is None or chosen in _VAGUE:
        return sniffed
    if chosen == "json" and sniffed[0] == "youtube-json3":
        return sniffed
    structured = [fmt for fmt in sniffed if fmt in TIMED_FORMATS]
    return [chosen, *(fmt for fmt in structured if fmt != chosen)]
