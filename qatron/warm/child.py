"""A run forked by the warm worker, on the command line's behalf.

    adopt(channel, request, fds)   # its streams, environment, folder, umask and argv
    exit_early(0, log)             # the command line exits with 0; the run goes on quietly

The child becomes the command line's process as far as the run can tell: it writes to
the command line's standard streams, and signals the command line receives (Ctrl-C,
SIGTERM, SIGHUP as SIGTERM) are sent on to it. A command line that goes away before the
run sent its exit code (killed, its terminal closed) cancels the run like Ctrl-C: it is
torn down and recorded; its output then goes nowhere. After :func:`exit_early` the
command line is gone on purpose and the run finishes, its output in ``log``.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from contextlib import suppress
from pathlib import Path
from typing import Any

from qatron.warm.channel import Channel

_channel: Channel | None = None
_detached = threading.Event()
_STREAMS = (0, 1, 2)


def in_worker() -> bool:
    """Whether this process is a run forked by the warm worker."""
    return _channel is not None


def adopt(channel: Channel, request: dict[str, Any], fds: list[int]) -> None:
    """Take on the command line's standard streams (``fds``, for ``request["fds"]``),
    environment, working folder, umask and arguments, and its signals."""
    global _channel
    given = dict(zip(request.get("fds", []), fds, strict=False))
    devnull = os.open(os.devnull, os.O_RDWR)
    for target in _STREAMS:
        os.dup2(given.get(target, devnull), target)
    for fd in {*fds, devnull} - set(_STREAMS):
        os.close(fd)
    os.environ.clear()
    os.environ.update(request["env"])
    os.chdir(request["cwd"])
    os.umask(int(request.get("umask", 0o022)))
    sys.argv = list(request["argv"])
    for stream in (sys.stdout, sys.stderr):
        with suppress(AttributeError, OSError, ValueError):
            stream.reconfigure(line_buffering=stream.isatty())  # type: ignore[union-attr]
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(sig, signal.SIG_DFL)
    _channel = channel
    threading.Thread(
        target=_listen, args=(channel,), name="qatron-warm-command-line", daemon=True
    ).start()


def exit_early(code: int, log: Path | None = None) -> None:
    """Let the command line exit with ``code`` now: what the run writes from here on goes
    to ``log`` (nowhere without one). Once only; nothing outside the warm worker."""
    if _channel is None or _detached.is_set():
        return
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):
            stream.flush()
    _detach(log)
    with suppress(OSError):
        _channel.send({"exit": code})


def _detach(log: Path | None) -> None:
    """Point the standard streams away from the command line's: input at nothing, output
    and error into ``log`` (nowhere without one)."""
    _detached.set()
    devnull = os.open(os.devnull, os.O_RDWR)
    target = devnull
    if log is not None:
        with suppress(OSError):
            log.parent.mkdir(parents=True, exist_ok=True)
            target = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(devnull, 0)
    for fd in (1, 2):
        os.dup2(target, fd)
    for fd in {devnull, target}:
        os.close(fd)


def _listen(channel: Channel) -> None:
    """Deliver the signals the command line forwards; cancel the run when it goes away."""
    while True:
        try:
            message, fds = channel.receive()
        except (OSError, ValueError):
            message, fds = None, []
        for fd in fds:
            os.close(fd)
        if message is None:
            if not _detached.is_set():
                _detach(None)
                os.kill(os.getpid(), signal.SIGINT)
            return
        if isinstance(message.get("signal"), int):
            os.kill(os.getpid(), message["signal"])
