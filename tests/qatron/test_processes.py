"""Process groups: stopping a program started through a shell."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from qatron.processes import group_alive, spawn, stop_group

SERVER = """
import signal, sys, time
signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
print("ready", flush=True)
time.sleep(60)
"""


def test_stopping_a_shell_started_program_does_not_wait_for_init_to_reap_it(
    tmp_path: Path,
) -> None:
    script = tmp_path / "server.py"
    script.write_text(SERVER)
    log = tmp_path / "server.log"
    process = spawn(f"{sys.executable} {script}", cwd=tmp_path, env={}, log_path=log, shell=True)
    deadline = time.monotonic() + 10
    while "ready" not in log.read_text() and time.monotonic() < deadline:
        time.sleep(0.02)

    started = time.monotonic()
    stop_group(process, timeout=5)

    assert time.monotonic() - started < 1.0
    assert not group_alive(process.pid)
