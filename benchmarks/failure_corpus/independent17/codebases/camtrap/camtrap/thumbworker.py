"""Thumbnail worker: reads PGM images named on stdin, writes 4x smaller ones beside them."""

from __future__ import annotations

import sys
from pathlib import Path


def shrink(data: bytes, factor: int = 4) -> bytes:
    header, pixels = data.split(b"\n", 1)
    _magic, width_text, height_text, _depth = header.split()
    width, height = int(width_text), int(height_text)
    out_w, out_h = width // factor, height // factor
    out = bytearray()
    for oy in range(out_h):
        for ox in range(out_w):
            block = [pixels[(oy * factor + dy) * width + ox * factor + dx]
                     for dy in range(factor) for dx in range(factor)]
            out.append(sum(block) // len(block))
    return f"P5 {out_w} {out_h} 255\n".encode() + bytes(out)


def main() -> None:
    for line in sys.stdin:
        source = Path(line.strip())
        target = source.with_suffix(".thumb.pgm")
        target.write_bytes(shrink(source.read_bytes()))
        print(target)


if __name__ == "__main__":
    main()
