#!/usr/bin/env python3
"""Draws Passerelle's application icons as 8-bit RGBA PNGs, with Python's standard library only.

The mark: a footbridge (a "passerelle") arching over water on a rounded teal square.
Run from anywhere: `python3 icons/make_icons.py` rewrites the PNGs next to this script.
"""
import math
import struct
import zlib
from pathlib import Path

TEAL_TOP = (20, 122, 122)
TEAL_BOTTOM = (10, 82, 92)
WHITE = (255, 255, 255)
WATER = (160, 214, 210)


def coverage(inside, x, y, samples=4):
    """Fraction of the pixel (x, y) for which inside(px, py) holds, with supersampling."""
    hits = 0
    for i in range(samples):
        for j in range(samples):
            if inside(x + (i + 0.5) / samples, y + (j + 0.5) / samples):
                hits += 1
    return hits / (samples * samples)


def draw(size):
    s = size
    radius = 0.22 * s

    def in_square(px, py):
        # Rounded square: distance to the inner rectangle shrunk by the corner radius.
        dx = max(radius - px, 0, px - (s - radius))
        dy = max(radius - py, 0, py - (s - radius))
        return dx * dx + dy * dy <= radius * radius

    cx, cy = 0.5 * s, 0.78 * s
    arc_outer, arc_inner = 0.36 * s, 0.29 * s

    def in_arc(px, py):
        d = math.hypot(px - cx, py - cy)
        return arc_inner <= d <= arc_outer and py <= cy - 0.02 * s

    deck_y0, deck_y1 = 0.58 * s, 0.64 * s

    def in_deck(px, py):
        return 0.16 * s <= px <= 0.84 * s and deck_y0 <= py <= deck_y1

    def in_hanger(px, py):
        # Vertical hangers between the arch and the deck.
        if not (0.3 * s <= px <= 0.7 * s):
            return False
        for hx in (0.35, 0.5, 0.65):
            if abs(px - hx * s) <= 0.018 * s:
                top = cy - math.sqrt(max(arc_inner ** 2 - (px - cx) ** 2, 0))
                return top <= py <= deck_y0
        return False

    def in_water(px, py):
        for wy in (0.74, 0.82):
            wave = wy * s + 0.02 * s * math.sin(px / s * 4 * math.pi)
            if abs(py - wave) <= 0.018 * s and 0.2 * s <= px <= 0.8 * s:
                return True
        return False

    rows = []
    for y in range(s):
        row = bytearray([0])  # filter type: none
        t = y / max(s - 1, 1)
        bg = tuple(round(a + (b - a) * t) for a, b in zip(TEAL_TOP, TEAL_BOTTOM))
        for x in range(s):
            alpha = coverage(in_square, x, y)
            if alpha == 0:
                row += bytes((0, 0, 0, 0))
                continue
            white = max(coverage(in_arc, x, y), coverage(in_deck, x, y), coverage(in_hanger, x, y))
            water = coverage(in_water, x, y)
            colour = [bg[k] + (WATER[k] - bg[k]) * water for k in range(3)]
            colour = [colour[k] + (WHITE[k] - colour[k]) * white for k in range(3)]
            row += bytes((*[round(c) for c in colour], round(255 * alpha)))
        rows.append(bytes(row))
    return png(s, s, b"".join(rows))


def png(width, height, raw):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")


def main():
    here = Path(__file__).resolve().parent
    for name, size in (("32x32.png", 32), ("128x128.png", 128), ("128x128@2x.png", 256), ("icon.png", 512)):
        (here / name).write_bytes(draw(size))
        print(f"wrote {name} ({size}x{size})")


if __name__ == "__main__":
    main()
