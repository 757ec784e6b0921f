"""Feed bytes made safe to parse: one encoding (UTF-8) and an XML reader that expands nothing.

Feeds in the wild declare encodings expat cannot read (Big5, Shift-JIS…) or declare none while not being
UTF-8; both are decoded here (declared encoding, else UTF-8, else detected) and handed on as UTF-8 with
the declaration rewritten. The reader is defusedxml's: a DOCTYPE is allowed (feeds carry stray ones) but
any entity declaration is refused, and external entities and DTDs are never loaded.
"""

from __future__ import annotations

import codecs
import re
import xml.sax
from xml.sax.xmlreader import XMLReader

from charset_normalizer import from_bytes
from defusedxml.expatreader import DefusedExpatParser

_DECLARATION = re.compile(rb"^(\s*<\?xml[^>]*?encoding\s*=\s*)([\"'])([A-Za-z0-9._:-]+)\2", re.IGNORECASE)
_UTF8_NAMES = frozenset({"utf-8", "utf8"})
# UTF-32 first: its little-endian BOM begins with UTF-16's.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def declared_encoding(body: bytes) -> str | None:
    """The encoding named in the XML declaration, if any."""
    match = _DECLARATION.match(body[:1024])
    return match.group(3).decode("ascii").lower() if match else None


def to_utf8(body: bytes) -> bytes:
    """``body`` re-encoded as UTF-8 with its declaration saying so; unchanged when it already is."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            # The byte-order mark decides (XML 1.0, appendix F). Handed on as is, a declaration naming
            # another encoding made expat raise ValueError ("multi-byte encodings are not supported").
            return _utf8_declared(body.decode(codec, errors="replace").encode("utf-8"))
    declared = declared_encoding(body)
    if declared in _UTF8_NAMES or declared is None:
        try:
            body.decode("utf-8")
            return body
        except UnicodeDecodeError:
            pass
    return _utf8_declared(_decode(body, declared).encode("utf-8"))


def _utf8_declared(encoded: bytes) -> bytes:
    return _DECLARATION.sub(lambda m: m.group(1) + m.group(2) + b"utf-8" + m.group(2), encoded, count=1)


def _decode(body: bytes, declared: str | None) -> str:
    if declared and declared not in _UTF8_NAMES:
        try:
            return body.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    best = from_bytes(body).best()
    if best is not None:
        return str(best)
    return body.decode("utf-8", errors="replace")


def safe_reader() -> XMLReader:
    """A SAX reader that refuses entity declarations and never loads anything external."""
    parser: XMLReader = DefusedExpatParser(forbid_dtd=False, forbid_entities=True, forbid_external=False)
    parser.setFeature(xml.sax.handler.feature_namespaces, False)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    return parser
