"""The command line's side: hand a run to the warm worker, wait for its exit code.

    code = run_warm(sys.argv)                    # None: no worker serves this run; run it here
    code = run_warm(argv, kind=ENGINE)           # a deployment's flow run (qatron.warm.engine)

The command line prints nothing of its own: the run writes to its standard streams.
It forwards Ctrl-C (SIGINT) as it is, SIGTERM and SIGHUP as SIGTERM, and exits with the
code the run sends, as soon as the run sends it.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Iterator
from contextlib import contextmanager, suppress

from qatron.errors import InfrastructureError
from qatron.warm.channel import Channel
from qatron.warm.child import in_worker
from qatron.warm.worker import WarmWorker, embedded_api

#: Seconds the command line waits for the worker to take its run before running it itself.
ACCEPT_TIMEOUT = 10.0
#: What a request asks the worker to run: a ``qatron`` command line, or Prefect's engine
#: for the flow run a worker of a work pool was given (``python -m prefect.engine``).
COMMAND, ENGINE = "qatron", "prefect.engine"
_FORWARDED = {
    signal.SIGINT: signal.SIGINT,
    signal.SIGTERM: signal.SIGTERM,
    signal.SIGHUP: signal.SIGTERM,
}


def run_warm(argv: list[str], kind: str = COMMAND) -> int | None:
    """Run the command line ``argv`` (of ``kind``) in the warm worker of the local server;
    its exit code. None when it is not for the local server, comes from a run the worker
    forked, or no worker takes it (absent, not answering, refusing); a worker that
    refused it because it had older code than is on disk now has ended and is started
    anew."""
    api_url = embedded_api()
    if api_url is None or in_worker():
        return None
    worker = WarmWorker.default()
    try:
        channel = Channel.connect(str(worker.socket_path), timeout=2.0)
    except OSError:
        return None
    try:
        reply = _hand_over(channel, argv, api_url, kind)
        if reply.get("restart"):  # it ended: it had older code than is on disk now
            _start_later(worker, api_url)
        if reply.get("accepted") is not True:
            return None
        with _forwarded(channel):
            return _exit_code(channel)
    finally:
        channel.close()


def start_later(api_url: str) -> None:
    """After a run here on the local server at ``api_url``: start its warm worker for the
    runs after this one (not waiting for it) when none runs, e.g. it died."""
    worker = WarmWorker.default()
    if not in_worker() and embedded_api() == api_url and worker.pid() is None:
        _start_later(worker, api_url)


def _start_later(worker: WarmWorker, api_url: str) -> None:
    with suppress(OSError, InfrastructureError):
        worker.spawn(api_url)


def _hand_over(channel: Channel, argv: list[str], api_url: str, kind: str
               ) -> dict[str, object]:
    """Send the run with this process's standard streams; the worker's reply
    (``accepted``, or ``refused`` with a reason), empty when it gave none in time."""
    streams = [fd for fd in (0, 1, 2) if _is_open(fd)]
    umask = os.umask(0)
    os.umask(umask)
    request = {
        "kind": kind,
        "argv": argv,
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "umask": umask,
        "python": sys.executable,
        "api_url": api_url,
        "fds": streams,
    }
    try:
        channel.send({"run": request}, streams)
        channel.sock.settimeout(ACCEPT_TIMEOUT)
        reply, fds = channel.receive()
    except (OSError, ValueError):
        return {}
    for fd in fds:
        os.close(fd)
    channel.sock.settimeout(None)
    return reply or {}


def _exit_code(channel: Channel) -> int:
    while True:
        message, fds = channel.receive()
        for fd in fds:
            os.close(fd)
        if message is None:
            raise InfrastructureError(
                "the warm worker's run ended without an exit code; "
                "see `qatron runs list` for how the run ended"
            )
        if isinstance(message.get("exit"), int):
            return int(message["exit"])


@contextmanager
def _forwarded(channel: Channel) -> Iterator[None]:
    """Send the signals this process receives on to the run."""

    def forward(signum: int, _frame: object) -> None:
        with suppress(OSError):
            channel.send({"signal": int(_FORWARDED[signal.Signals(signum)])})

    previous = {sig: signal.signal(sig, forward) for sig in _FORWARDED}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
    except OSError:
        return False
    return True
