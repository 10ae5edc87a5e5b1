"""Just enough PNG reading to tell a rendered page from a blank one: the header,
and the colours of the first rows (8-bit RGB or RGBA, not interlaced)."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"


def chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == SIGNATURE, "not a PNG"
    found, pos = [], 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        found.append((data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]))
        pos += 12 + length
    return found


def size(path: Path) -> tuple[int, int]:
    kind, ihdr = chunks(path.read_bytes())[0]
    assert kind == b"IHDR"
    width, height = struct.unpack(">II", ihdr[:8])
    return width, height


def colours(path: Path, rows: int) -> set[bytes]:
    """The distinct pixel colours of the first ``rows`` rows."""
    parts = chunks(path.read_bytes())
    ihdr = parts[0][1]
    width = struct.unpack(">I", ihdr[:4])[0]
    depth, colour_type, interlace = ihdr[8], ihdr[9], ihdr[12]
    assert depth == 8 and colour_type in (2, 6) and interlace == 0, "unsupported PNG"
    bpp = 3 if colour_type == 2 else 4
    raw = zlib.decompressobj().decompress(b"".join(d for k, d in parts if k == b"IDAT"))
    stride = width * bpp
    previous, seen = bytearray(stride), set()
    for y in range(rows):
        line = raw[y * (stride + 1):(y + 1) * (stride + 1)]
        previous = unfilter(line[0], bytearray(line[1:]), previous, bpp)
        seen.update(bytes(previous[x:x + bpp]) for x in range(0, stride, bpp))
    return seen


def unfilter(kind: int, row: bytearray, up: bytearray, bpp: int) -> bytearray:
    for i in range(len(row)):
        a = row[i - bpp] if i >= bpp else 0
        b, c = up[i], (up[i - bpp] if i >= bpp else 0)
        if kind == 1:
            row[i] = (row[i] + a) & 255
        elif kind == 2:
            row[i] = (row[i] + b) & 255
        elif kind == 3:
            row[i] = (row[i] + (a + b) // 2) & 255
        elif kind == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    return row
