"""Indexes a folder of logs, holding every file open while it merges them."""

from __future__ import annotations

import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path


def main() -> None:
    count = int(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        paths = [Path(tmp) / f"log{i}.txt" for i in range(count)]
        for p in paths:
            p.write_text(f"line {p.name}\n")
        handles = [stack.enter_context(p.open()) for p in paths]
        print(sum(len(h.read()) for h in handles))


if __name__ == "__main__":
    main()
