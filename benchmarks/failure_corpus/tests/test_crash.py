"""A test whose process dies under it (run as a shard of its own: it takes the process)."""

from __future__ import annotations

import os
import signal


def test_infrastructure__killed() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
