"""Renders a report page; slow enough to be watched."""

from __future__ import annotations

import sys
import time


def main() -> None:
    rows = int(sys.argv[1])
    time.sleep(1.0)
    print("\n".join(f"<tr><td>{i}</td></tr>" for i in range(rows)))


if __name__ == "__main__":
    main()
