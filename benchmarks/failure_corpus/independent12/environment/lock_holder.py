"""Holds an exclusive lock on a SQLite database, as a long backup job would, until terminated."""

from __future__ import annotations

import sqlite3
import sys
import time


def main(path: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    print("locked", flush=True)
    while True:
        time.sleep(1)


if __name__ == "__main__":
    main(sys.argv[1])
