#!/usr/bin/env python3
"""Cuts a horizontal band out of a PNG, with the standard library only (no Pillow, no ImageMagick).

    scripts/crop-png.py INPUT.png OUTPUT.png TOP HEIGHT

Keeps rows TOP .. TOP+HEIGHT-1 (fewer when the image ends first). Reads 8-bit RGB or RGBA
PNGs without interlacing, as Chromium writes them; used to split a tall screenshot of the HTML
report into pictures for the docs.
"""
import struct
import sys
import zlib


def read_png(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        sys.exit(f"crop-png: {path} is not a PNG")
    pos, header, idat = 8, None, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour not in (2, 6) or interlace:
        sys.exit("crop-png: only 8-bit RGB/RGBA PNGs without interlacing are supported")
    return width, height, colour, (3 if colour == 2 else 4), zlib.decompress(idat)


def unfilter(width, height, bpp, raw, last_row):
    """Undoes the per-row filters up to `last_row`, returning the rows as bytearrays."""
    stride = width * bpp
    rows, previous = [], bytearray(stride)
    for y in range(last_row):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = previous[i]
            c = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        previous = line
    return rows


def chunk(kind, body):
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__.strip().splitlines()[2].strip())
    source, target, top, height = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    width, full_height, colour, bpp, raw = read_png(source)
    bottom = min(full_height, top + height)
    if top < 0 or top >= bottom:
        sys.exit(f"crop-png: rows {top}..{top + height} are outside the image (height {full_height})")
    rows = unfilter(width, full_height, bpp, raw, bottom)[top:bottom]
    body = b"".join(b"\x00" + bytes(row) for row in rows)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, len(rows), 8, colour, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(body, 9)) + chunk(b"IEND", b"")
    with open(target, "wb") as f:
        f.write(png)


if __name__ == "__main__":
    main()
