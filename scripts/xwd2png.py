#!/usr/bin/env python3
"""Converts an X window dump (XWD, e.g. Xvfb's -fbdir screen file) to PNG, with the
standard library only. For screenshots of the kiosk in states that its own
--screenshot cannot reach (chair mode, dialogs), taken under Xvfb -fbdir DIR.
Usage: xwd2png.py IN.xwd OUT.png [X Y W H]
"""
import struct
import sys
import zlib


def main() -> int:
    if len(sys.argv) not in (3, 7):
        print(__doc__, file=sys.stderr)
        return 2
    data = open(sys.argv[1], "rb").read()
    fields = struct.unpack(">25I", data[:100])
    header_size, _version, _fmt, depth, width, height = fields[:6]
    byte_order, bits_per_pixel, bytes_per_line = fields[7], fields[11], fields[12]
    ncolors = fields[19]
    if bits_per_pixel != 32:
        print(f"xwd2png: {bits_per_pixel} bits per pixel not supported (depth {depth})", file=sys.stderr)
        return 1
    pixels = data[header_size + ncolors * 12:]
    x0, y0, w, h = (0, 0, width, height) if len(sys.argv) == 3 else map(int, sys.argv[3:7])
    rows = bytearray()
    for y in range(y0, y0 + h):
        rows.append(0)
        line = pixels[y * bytes_per_line:(y + 1) * bytes_per_line]
        for x in range(x0, x0 + w):
            p = line[x * 4:x * 4 + 4]
            b, g, r = (p[0], p[1], p[2]) if byte_order == 0 else (p[3], p[2], p[1])
            rows += bytes((r, g, b))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(bytes(rows), 6)) + chunk(b"IEND", b"")
    open(sys.argv[2], "wb").write(png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
