"""Child processes that never outlive QAtron.

Every service and test process is started in its own process group, so the
whole tree can be stopped at once, and with the parent-death signal set, so
the kernel kills it if the QAtron process itself is killed. A command with
no shell syntax is executed directly, so the signal reaches the program
itself; a shell command's own children would outlive a killed QAtron, so
every child carries ``QATRON_OWNER=host:pid`` in its environment and
:func:`orphan_groups` finds the groups whose owner is gone.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Mapping, Sequence
from pathlib import Path

_PR_SET_PDEATHSIG = 1
OWNER_VAR = "QATRON_OWNER"
_SHELL_SYNTAX = re.compile(r"[|&;<>()$`*?~#!\n\\]|^\s*\w+=")


def owner() -> str:
    """``host:pid`` of this process: who answers for what it starts."""
    return f"{socket.gethostname()}:{os.getpid()}"


def owner_gone(value: str) -> bool:
    """Whether the owner process ``host:pid`` is known to be dead (only on this host)."""
    host, _, pid = value.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return not _running(int(pid))


def _running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(OSError, AttributeError):  # not Linux: groups still apply
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def spawn(
    argv: Sequence[str] | str,
    *,
    cwd: Path,
    env: Mapping[str, str],
    log_path: Path,
    shell: bool = False,
) -> subprocess.Popen[bytes]:
    """Start ``argv`` in a new process group, stdout and stderr to ``log_path``.

    With ``shell``, a command without shell syntax is split and run directly.
    """
    log_path.parent.mkdir(parents=True, exist_ok=True)
    if shell and isinstance(argv, str) and not _SHELL_SYNTAX.search(argv):
        words = shlex.split(argv)
        if words and ("/" in words[0] or shutil.which(words[0], path=env.get("PATH"))):
            argv, shell = words, False  # else a shell builtin (exit, cd …): keep the shell
    with log_path.open("ab") as log:
        return subprocess.Popen(
            argv,
            cwd=cwd,
            env={**env, OWNER_VAR: env.get(OWNER_VAR) or owner()},
            shell=shell,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )


def stop_group(process: subprocess.Popen[bytes], timeout: float = 5.0) -> int | None:
    """SIGTERM the process group, then SIGKILL whatever is left after ``timeout``.

    The wait is on the whole group, not just the direct child: a shell that
    started the real program dies at once on SIGTERM, the program may not.
    """
    _signal_group(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()
        if not group_alive(process.pid):
            break
        time.sleep(0.02)
    _signal_group(process.pid, signal.SIGKILL)
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def group_alive(pgid: int) -> bool:
    """Whether a live (not zombie) process of the group ``pgid`` still exists.

    A program started through ``sh -c`` outlives the shell and is reaped by
    init, which may take seconds: a zombie must not count as running.
    """
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for entry in proc.iterdir():
        if entry.name.isdigit() and _live_member(entry / "stat", pgid):
            return True
    return False


def _live_member(stat_file: Path, pgid: int) -> bool:
    try:
        fields = stat_file.read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return False
    return fields[0] != "Z" and int(fields[2]) == pgid


def _signal_group(pgid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, sig)


def orphan_groups() -> dict[int, str]:
    """Process groups (pgid → owner) started by QAtron processes that are gone."""
    marker = f"{OWNER_VAR}=".encode()
    found: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        values = [v for v in environ.split(b"\0") if v.startswith(marker)]
        if not values or fields[0] == "Z":
            continue
        who = values[0][len(marker):].decode(errors="replace")
        if owner_gone(who):
            found[int(fields[2])] = who
    return found


def kill_group(pgid: int) -> None:
    """SIGKILL a whole process group (gone already is fine)."""
    _signal_group(pgid, signal.SIGKILL)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


def tail(path: Path, lines: int = 20) -> str:
    """The last ``lines`` lines of a log file ('' if there is none)."""
    try:
        with path.open("rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - 64 * 1024))
            text = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


