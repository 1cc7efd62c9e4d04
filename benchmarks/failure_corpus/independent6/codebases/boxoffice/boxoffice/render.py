"""Ticket renderer run as a child process: render ORDER SEATS(comma separated) FOLDER."""

from __future__ import annotations

import re
import sys
from pathlib import Path

SEAT = re.compile(r"^[A-Z][0-9]{1,2}$")


def main(argv: list[str]) -> int:
    order, seats, folder = argv
    for seat in seats.split(","):
        if not SEAT.match(seat):
            raise ValueError(f"not a seat label: {seat!r}")
        Path(folder, f"{order}-{seat}.txt").write_text(f"ORDER {order}\nSEAT {seat}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
