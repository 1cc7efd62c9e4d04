"""Holds a lock on an SQLite database, as the nightly backup job does while it copies it."""

from __future__ import annotations

import argparse
import sqlite3
import sys
import time


def main() -> None:
    """Take the lock, report readiness on stdout, and hold it until killed."""
    p = argparse.ArgumentParser()
    p.add_argument("path")
    p.add_argument("--mode", choices=["EXCLUSIVE", "IMMEDIATE"], default="EXCLUSIVE")
    args = p.parse_args()
    conn = sqlite3.connect(args.path, isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS backup_marker (at REAL)")
    conn.execute(f"BEGIN {args.mode}")
    conn.execute("INSERT INTO backup_marker VALUES (?)", (time.time(),))
    print("locked", flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main()
