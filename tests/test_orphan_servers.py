"""The test session's PostgreSQL reaper: what a killed session left behind never stops the next."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from qatron.processes import running
from tests.fixtures.postgres import PostgresServer, find_bindir, reap_orphans

pytestmark = pytest.mark.postgres


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


def _wait_gone(pid: int) -> None:
    deadline = time.monotonic() + 30
    while running(pid):
        assert time.monotonic() < deadline, f"postmaster {pid} still runs after 30 s"
        time.sleep(0.05)


def test_a_server_killed_with_its_session_is_cleared_without_error() -> None:
    bindir = find_bindir()
    assert bindir is not None, "PostgreSQL server binaries not found: run `make test`"
    server = PostgresServer(bindir)
    server.start()
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    os.kill(postmaster, signal.SIGKILL)
    _wait_gone(postmaster)
    (server.root / "owner.pid").write_text(str(_dead_pid()))
    try:
        reap_orphans(bindir)
        assert not server.root.exists()
    finally:
        server.stop(mode="immediate")


def test_a_server_still_running_after_its_session_was_killed_is_stopped() -> None:
    bindir = find_bindir()
    assert bindir is not None, "PostgreSQL server binaries not found: run `make test`"
    server = PostgresServer(bindir)
    server.start()
    postmaster = int((server.data / "postmaster.pid").read_text().split()[0])
    (server.root / "owner.pid").write_text(str(_dead_pid()))
    try:
        reap_orphans(bindir)
        _wait_gone(postmaster)
        assert not server.root.exists()
    finally:
        server.stop(mode="immediate")
