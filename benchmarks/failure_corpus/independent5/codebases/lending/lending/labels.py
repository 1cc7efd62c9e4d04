"""Render spine labels: a barcode drawn as bars with a check digit, one block per copy.

Usage: python -m lending.labels OUTPUT BARCODE...
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path


def check_digit(barcode: str) -> int:
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(barcode))
    return (10 - total % 10) % 10


def bars(barcode: str, rounds: int = 2000) -> str:
    digest = barcode.encode()
    for _ in range(rounds):
        digest = hashlib.sha256(digest).digest()
    return "".join("|" if b & 1 else " " for b in digest)


def main(argv: list[str]) -> int:
    output, *barcodes = argv
    blocks = [f"{b}{check_digit(b)}\n{bars(b)}\n" for b in barcodes]
    Path(output).write_text("\n".join(blocks))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
