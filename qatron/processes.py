"""Child processes that never outlive QAtron.

Every service, probe and test process is started by :func:`spawn`, in its
own process group, so the whole tree can be stopped at once, and with the
parent-death signal set, so the kernel kills it if the QAtron process itself
is killed. A command with no shell syntax is executed directly, so the
signal reaches the program itself.

Each child's environment carries three markers, inherited by everything it
starts (also by processes that leave its group with ``setsid``):

* ``QATRON_OWNER=host:pid``: the QAtron process that answers for it;
  :func:`orphan_groups` finds the groups whose owner is gone;
* ``QATRON_PROJECT=<project folder>``: whose leftovers they are, so a run
  sweeps only its own project's orphans;
* ``QATRON_TREE_<token>=1``: one per :func:`spawn`, so :func:`stop_group`
  stops every descendant, wherever it went.

    >>> child = spawn("sleep 60", cwd=Path("."), env=os.environ, log_path=None, shell=True)
    >>> stop_group(child)        # the group and every process carrying its tree marker
    >>> run_for("sleep 500", cwd=Path("."), env=os.environ, timeout=3)   # None: stopped
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from qatron.errors import InfrastructureError

_PR_SET_PDEATHSIG = 1
OWNER_VAR = "QATRON_OWNER"
PROJECT_VAR = "QATRON_PROJECT"
TREE_PREFIX = "QATRON_TREE_"
#: Words ``sh`` runs itself: a command starting with one keeps its shell.
_BUILTINS = frozenset({
    ".", ":", "[", "alias", "bg", "break", "cd", "command", "continue", "echo", "eval", "exec",
    "exit", "export", "false", "fg", "getopts", "hash", "jobs", "kill", "printf", "pwd", "read",
    "readonly", "return", "set", "shift", "test", "times", "trap", "true", "type", "ulimit",
    "umask", "unalias", "unset", "wait"})
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
    return not running(int(pid))


def project_mark(root: Path) -> str:
    """The ``QATRON_PROJECT`` value of the project in folder ``root``."""
    return str(root.resolve())


def running(pid: int) -> bool:
    """Whether process ``pid`` exists and is not a zombie (one that ended, not yet reaped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _die_with_parent() -> None:  # runs in the child between fork and exec
    with contextlib.suppress(OSError, AttributeError):  # not Linux: groups still apply
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


class SpawnError(InfrastructureError):
    """A program could not be started at all (missing, not executable, no such folder)."""

    def __init__(self, program: str, cwd: Path, reason: str) -> None:
        self.program, self.cwd, self.reason = program, cwd, reason
        super().__init__(f"could not start {program!r} in {cwd}: {reason}")


class Spawned(subprocess.Popen[bytes]):
    """A child started by :func:`spawn`; ``tree`` is the marker its descendants carry."""

    tree: str = ""


def spawn(
    argv: Sequence[str] | str,
    *,
    cwd: Path,
    env: Mapping[str, str],
    log_path: Path | None,
    shell: bool = False,
    project: str | None = None,
) -> Spawned:
    """Start ``argv`` in a new process group, stdout and stderr to ``log_path`` (or nowhere).

    With ``shell``, a command without shell syntax is split and run directly.
    ``project`` marks the child as the project's (see the module docstring).
    Raises :class:`SpawnError` if the program or ``cwd`` does not exist.
    """
    if shell and isinstance(argv, str) and not _SHELL_SYNTAX.search(argv):
        words = shlex.split(argv)
        if words and ("/" in words[0] or shutil.which(words[0], path=env.get("PATH"))):
            argv, shell = words, False
        elif words and words[0] not in _BUILTINS:
            raise SpawnError(words[0], cwd, "no such program on PATH")
    tree = secrets.token_hex(8)
    child_env = {k: v for k, v in env.items() if k != PROJECT_VAR}
    child_env.update({OWNER_VAR: owner(), f"{TREE_PREFIX}{tree}": "1"})
    if project:
        child_env[PROJECT_VAR] = project
    if log_path is not None:
        log_path.parent.mkdir(parents=True, exist_ok=True)
    with (log_path.open("ab") if log_path is not None else open(os.devnull, "wb")) as log:
        try:
            process = Spawned(argv, cwd=cwd, env=child_env, shell=shell,
                              stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                              start_new_session=True, preexec_fn=_die_with_parent)
        except OSError as exc:
            program = argv if isinstance(argv, str) else (list(argv) or [""])[0]
            raise SpawnError(str(program), cwd, exc.strerror or str(exc)) from None
    process.tree = tree
    return process


def run_for(
    argv: Sequence[str] | str,
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float,
    shell: bool = False,
    project: str | None = None,
    log_path: Path | None = None,
) -> int | None:
    """Run ``argv`` through :func:`spawn` to its end: its exit code, or None after ``timeout``.

    Whatever it started is stopped too, when it ends or when it runs out of time.
    """
    process = spawn(argv, cwd=cwd, env=env, log_path=log_path, shell=shell, project=project)
    try:
        return process.wait(timeout=max(timeout, 0.0))
    except subprocess.TimeoutExpired:
        return None
    finally:
        stop_group(process, timeout=1.0)


def stop_group(process: subprocess.Popen[bytes], timeout: float = 5.0) -> int | None:
    """SIGTERM the process group and its tree, then SIGKILL whatever is left after ``timeout``.

    The tree is every process carrying the child's marker (a :class:`Spawned`
    child), also those that started a session of their own. The wait is on all
    of them, not just the direct child: a shell that started the real program
    dies at once on SIGTERM, the program may not.
    """
    tree = getattr(process, "tree", "")
    members = _signal_tree(process.pid, tree, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        process.poll()
        if not group_alive(process.pid) and not any(running(pid) for pid in members):
            break
        time.sleep(0.02)
    for _ in range(3):  # a process may fork while its tree is being killed
        if not _signal_tree(process.pid, tree, signal.SIGKILL):
            break
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        return None


def _signal_tree(pgid: int, tree: str, sig: signal.Signals) -> list[int]:
    """Signal the group ``pgid`` and every process marked with ``tree``; return those pids."""
    _signal_group(pgid, sig)
    members = list(marked(f"{TREE_PREFIX}{tree}=1")) if tree else []
    for pid in members:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, sig)
    return members


def marked(marker: str) -> Iterator[int]:
    """Pids of live processes whose environment holds ``marker`` (``NAME=value``)."""
    wanted = marker.encode()
    for pid, environ in _environments():
        if wanted in environ:
            yield pid


def _environments() -> Iterator[tuple[int, list[bytes]]]:
    """(pid, environment entries) of this user's live processes, this one excepted."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    for entry in proc.iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
        except OSError:
            continue
        if environ and running(int(entry.name)):
            yield int(entry.name), environ.split(b"\0")


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


def orphan_groups(project: str | None = None) -> dict[int, str]:
    """Process groups (pgid → owner) started by QAtron processes that are gone.

    With ``project``, only the groups marked as that project's; else every one.
    """
    owner_marker, project_marker = f"{OWNER_VAR}=".encode(), f"{PROJECT_VAR}=".encode()
    found: dict[int, str] = {}
    for pid, environ in _environments():
        who = _value(environ, owner_marker)
        if who is None or (project is not None and _value(environ, project_marker) != project):
            continue
        if owner_gone(who):
            with contextlib.suppress(OSError):
                found[os.getpgid(pid)] = who
    found.pop(os.getpgrp(), None)  # never this process's own group
    return found


def _value(environ: list[bytes], prefix: bytes) -> str | None:
    values = [v for v in environ if v.startswith(prefix)]
    return values[0][len(prefix):].decode(errors="replace") if values else None


def end_group(pgid: int, timeout: float = 15.0, poll: float = 0.2) -> None:
    """SIGTERM the process group ``pgid``, then SIGKILL it if it still lives after
    ``timeout`` seconds; return once it is gone (or the second wait is over)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + timeout
        while group_alive(pgid) and time.monotonic() < deadline:
            time.sleep(poll)
        if not group_alive(pgid):
            return


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


