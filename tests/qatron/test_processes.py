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


def test_a_command_without_shell_syntax_runs_without_a_shell(tmp_path: Path) -> None:
    process = spawn("sleep 30", cwd=tmp_path, env={}, log_path=tmp_path / "log", shell=True)
    try:
        cmdline = Path(f"/proc/{process.pid}/cmdline").read_bytes().split(b"\0")
        assert cmdline[0] == b"sleep"  # the parent-death signal reaches the program itself
    finally:
        stop_group(process)


ORPHANING = """\
import os, sys, time
from pathlib import Path
from qatron.processes import spawn
child = spawn("sleep 60; true", cwd=Path("."), env=dict(os.environ),
              log_path=Path(sys.argv[1]), shell=True)
print(child.pid, flush=True)
time.sleep(1)  # let the shell start sleep
os._exit(0)
"""


def test_the_children_of_a_dead_owner_s_shell_command_are_found_and_killed(
        tmp_path: Path) -> None:
    import socket
    import subprocess

    from qatron.processes import kill_group, orphan_groups

    done = subprocess.run([sys.executable, "-c", ORPHANING, str(tmp_path / "log")],
                          capture_output=True, text=True, timeout=60,
                          cwd=Path(__file__).resolve().parents[2])
    pgid = int(done.stdout)
    deadline = time.monotonic() + 10
    while pgid not in orphan_groups():  # the shell dies with its owner; sleep lives on
        assert time.monotonic() < deadline and group_alive(pgid)
        time.sleep(0.1)
    assert orphan_groups()[pgid].split(":")[0] == socket.gethostname()
    kill_group(pgid)
    deadline = time.monotonic() + 10
    while group_alive(pgid):
        assert time.monotonic() < deadline
        time.sleep(0.05)
