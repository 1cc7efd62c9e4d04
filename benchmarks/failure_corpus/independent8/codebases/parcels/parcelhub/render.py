"""Label renderer, run as a child process: reads a label as JSON on stdin, writes a PBM file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

# Code 39 patterns: wide (1) and narrow (0) elements, bars and spaces alternating.
CODE39 = {
    "0": "000110100", "1": "100100001", "2": "001100001", "3": "101100000",
    "4": "000110001", "5": "100110000", "6": "001110000", "7": "000100101",
    "8": "100100100", "9": "001100100", "A": "100001001", "B": "001001001",
    "C": "101001000", "D": "000011001", "E": "100011000", "F": "001011000",
    "G": "000001101", "H": "100001100", "I": "001001100", "J": "000011100",
    "K": "100000011", "L": "001000011", "M": "101000010", "N": "000010011",
    "O": "100010010", "P": "001010010", "Q": "000000111", "R": "100000110",
    "S": "001000110", "T": "000010110", "U": "110000001", "V": "011000001",
    "W": "111000000", "X": "010010001", "Y": "110010000", "Z": "011010000",
    "*": "010010100",
}


def bars(text: str) -> list[int]:
    """Module row of a Code 39 barcode: 1 for black, 0 for white."""
    row: list[int] = []
    for ch in f"*{text.upper()}*":
        pattern = CODE39[ch]
        for i, wide in enumerate(pattern):
            colour = 1 if i % 2 == 0 else 0
            row.extend([colour] * (3 if wide == "1" else 1))
        row.append(0)
    return row


def pbm(text: str, height: int = 40) -> bytes:
    """A plain PBM image of the barcode with a quiet zone."""
    row = [0] * 10 + bars(text) + [0] * 10
    lines = [f"P1\n{len(row)} {height}\n"]
    line = " ".join(str(v) for v in row)
    lines.extend(f"{line}\n" for _ in range(height))
    return "".join(lines).encode("ascii")


def main() -> int:
    """Render the label given on stdin; print the number of bytes written."""
    label = json.load(sys.stdin)
    out = Path(label["path"])
    data = pbm(label["tracking_no"])
    out.write_bytes(data)
    print(len(data))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
