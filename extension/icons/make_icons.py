"""Draw the toolbar icons (16/32/48/128 px PNG) with nothing but the standard library.

A rounded square in an indigo→violet gradient with five white sound-wave bars. Shapes are sampled 4×4 per
pixel for smooth edges. Run: python3 extension/icons/make_icons.py
"""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 128)
SUPER = 4
TOP = (67, 56, 202)  # #4338ca
BOTTOM = (124, 58, 237)  # #7c3aed
BARS = (0.38, 0.72, 1.0, 0.58, 0.3)  # bar heights, as a share of the tallest


def inside_rounded(x: float, y: float, radius: float) -> bool:
    """Is (x, y) in the unit square with corners rounded by ``radius``?"""
    cx = min(max(x, radius), 1 - radius)
    cy = min(max(y, radius), 1 - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius**2


def inside_bar(x: float, y: float) -> bool:
    """Is (x, y) on one of the white bars (pill shaped, centred vertically)?"""
    width, gap = 0.1, 0.05
    total = len(BARS) * width + (len(BARS) - 1) * gap
    left = (1 - total) / 2
    for i, share in enumerate(BARS):
        x0 = left + i * (width + gap)
        if not x0 <= x <= x0 + width:
            continue
        half = 0.3 * share
        r = width / 2
        cx = x0 + r
        top, bottom = 0.5 - half + r, 0.5 + half - r
        cy = min(max(y, top), bottom)
        return (x - cx) ** 2 + (y - cy) ** 2 <= r**2
    return False


def pixel(px: int, py: int, size: int) -> tuple[int, int, int, int]:
    bg = bars = 0
    for sy in range(SUPER):
        for sx in range(SUPER):
            x = (px + (sx + 0.5) / SUPER) / size
            y = (py + (sy + 0.5) / SUPER) / size
            if inside_rounded(x, y, 0.22):
                bg += 1
                bars += inside_bar(x, y)
    n = SUPER * SUPER
    if not bg:
        return (0, 0, 0, 0)
    t = py / max(size - 1, 1)
    base = [round(a + (b - a) * t) for a, b in zip(TOP, BOTTOM, strict=True)]
    white = bars / bg
    rgb = [round(c + (255 - c) * white) for c in base]
    return (rgb[0], rgb[1], rgb[2], round(255 * bg / n))


def png(size: int) -> bytes:
    rows = b"".join(b"\x00" + b"".join(bytes(pixel(x, y, size)) for x in range(size)) for y in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def main() -> None:
    here = Path(__file__).resolve().parent
    for size in SIZES:
        (here / f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main()
