"""Turn a transcript body (bytes) into text: BOMs, UTF-16 without BOM, UTF-8, then charset detection.

Also tells apart bodies that are plainly not text at all (images, audio, archives) so callers can
answer ``UnsupportedFormat`` instead of trying every parser on binary junk.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from podgist.errors import UnsupportedFormat

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Leading bytes of common binary formats that are never transcripts.
_BINARY_MAGIC: tuple[bytes, ...] = (
    b"\x89PNG",
    b"\xff\xd8\xff",
    b"GIF8",
    b"%PDF",
    b"PK\x03\x04",
    b"ID3",
    b"\x1f\x8b",
    b"OggS",
    b"fLaC",
    b"RIFF",
    b"\x00\x00\x00\x18ftyp",
    b"\x00\x00\x00\x1cftyp",
    b"\x00\x00\x00\x20ftyp",
    b"\x1aE\xdf\xa3",
)

_CONTROL = frozenset(range(32)) - {9, 10, 12, 13}


def _utf16_without_bom(body: bytes) -> str | None:
    """The codec of a BOM-less UTF-16 body (one NUL in every other byte), else None."""
    sample = body[:4096]
    if len(sample) < 4:
        return None
    even_nuls = sample[0::2].count(0) / len(sample[0::2])
    odd_nuls = sample[1::2].count(0) / len(sample[1::2])
    if odd_nuls > 0.4 and even_nuls < 0.05:
        return "utf-16-le"
    if even_nuls > 0.4 and odd_nuls < 0.05:
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """True when a decoded body is mostly control characters or replacement marks."""
    sample = text[:8192]
    if not sample:
        return False
    bad = sum(1 for ch in sample if ord(ch) in _CONTROL or ch == "\ufffd")
    return bad / len(sample) > 0.1


def decode_body(body: bytes) -> str:
    """Decode a transcript body to text, dropping a leading BOM.

    Raises ``UnsupportedFormat`` when the bytes are a known binary format or do not decode to text.
    """
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    if any(body.startswith(magic) for magic in _BINARY_MAGIC):
        raise UnsupportedFormat("The body is a binary file (an image, audio or archive), not a transcript.")
    utf16 = _utf16_without_bom(body)
    if utf16 is not None:
        return body.decode(utf16, "replace")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        text = _detected(body)
    if _looks_binary(text):
        raise UnsupportedFormat("The body is binary data, not a transcript.")
    return text


def _detected(body: bytes) -> str:
    """Decode a non-UTF-8 body with the charset the detector finds most likely (GB2312, cp1252…)."""
    best = charset_normalizer.from_bytes(body[:65536]).best()
    encoding = (best.encoding if best is not None else None) or "cp1252"
    try:
        return body.decode(encoding, "replace")
    except LookupError:
        return body.decode("cp1252", "replace")
