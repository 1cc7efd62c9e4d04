"""Processes a night runs beside a job: lock holders, a port squatter, a memory watchdog.

Usage: ``python -m environment.holders KIND ARGS...``; each prints ``ready`` once in place and
runs until it is killed.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sqlite3
import sys
import time
from pathlib import Path


def hold_db(path: str, mode: str) -> None:
    """Hold an SQLite lock: ``exclusive`` blocks readers too, ``immediate`` only writers."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(f"BEGIN {mode.upper()}")
    conn.execute("UPDATE carriers SET name = name WHERE code = 'NRD'")
    print("ready", flush=True)
    while True:
        time.sleep(1)


def hold_port(port: str) -> None:
    """Keep a TCP port bound and listening, as a leftover server of an earlier job would."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", int(port)))
    sock.listen(1)
    print("ready", flush=True)
    while True:
        time.sleep(1)


def reap(pattern: str) -> None:
    """Kill with SIGKILL every process whose command line contains ``pattern``."""
    me = os.getpid()
    print("ready", flush=True)
    while True:
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit() or int(entry.name) == me:
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
            except OSError:
                continue
            if pattern in cmdline and "environment.holders" not in cmdline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(int(entry.name), signal.SIGKILL)
        time.sleep(0.002)


def main() -> None:
    """Run the holder named on the command line."""
    kind, *args = sys.argv[1:]
    {"hold_db": hold_db, "hold_port": hold_port, "reap": reap}[kind](*args)


if __name__ == "__main__":
    main()
