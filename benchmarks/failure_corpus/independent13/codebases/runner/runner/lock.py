"""The run lock: one runner per workspace."""

from __future__ import annotations

import logging
import os
from pathlib import Path

log = logging.getLogger("runner.lock")


class Locked(RuntimeError):
    """Another run holds (or held) the lock."""


def acquire(path: Path) -> None:
    if path.exists():
        pid = int(path.read_text().strip() or 0)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            path.unlink()
            log.warning("removed stale run lock of pid %s", pid)
            raise Locked(f"stale lock of pid {pid} found and removed; run again") from None
        raise Locked(f"run in progress by pid {pid}")
    path.write_text(str(os.getpid()))


def release(path: Path) -> None:
    path.unlink(missing_ok=True)
