"""The warm worker's loop: answer the command line, fork one child per run.

The worker's own process only imports and forks: it never starts a thread or an event
loop, so each child starts from a clean, single-threaded copy with everything imported.
A run request is refused (the command line then runs in its own process, as without a
worker) when it comes from another Python, is for another Prefect API, gives Prefect
other settings than the worker imported it with, or when QAtron's code changed on disk
since the worker started; then the worker also exits, so the next one loads the new code.

The worker reports each child's exit status to its command line, unless the child has
already sent its exit code (see :mod:`qatron.warm.child`).
"""

from __future__ import annotations

import fcntl
import os
import selectors
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from qatron.warm.channel import Channel
from qatron.warm.worker import FLOW_RUN, WarmWorker, run_prefect_environ

#: A forked child's work: given the request's channel, the request and its descriptors.
RunHandler = Callable[[Channel, dict[str, Any], list[int]], NoReturn]
#: Seconds a command line has to send its request once connected.
REQUEST_TIMEOUT = 5.0
#: Seconds a new worker waits for the one before it to let go of the home's lock.
LOCK_WAIT = 10.0
_TICK = 0.2
#: Variables that do not change how a run's process runs: the flow run's own, which a work
#: pool's worker passes (PREFECT__FLOW_RUN_ID, its control channel's port…), and settings
#: of the polling worker and of a server (``prefect worker start`` passes on its own, e.g.
#: PREFECT_SERVER_EPHEMERAL_ENABLED; a run talks to the server at its API URL).
_PER_RUN = (FLOW_RUN, "PREFECT_WORKER_", "PREFECT_SERVER_")


@dataclass
class Identity:
    """What the worker runs with: a request that would run differently is refused."""

    api_url: str
    python: str = sys.executable
    prefect: dict[str, str] = field(default_factory=dict)
    code: dict[str, int] = field(default_factory=dict)
    started: float = field(default_factory=time.time)

    @classmethod
    def here(cls, api_url: str, watched: Iterable[Path] = ()) -> Identity:
        """This process, once it has imported what it serves with; ``watched`` files
        (Prefect's profiles) count as its code: one changed, it is out of date."""
        code = dict(_loaded_code())
        code.update((str(path), _mtime(str(path))) for path in watched)
        return cls(api_url=api_url, prefect=run_prefect_environ(os.environ, api_url), code=code)

    def describe(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "api_url": self.api_url,
            "python": self.python,
            "started": self.started,
            "modules": len(self.code),
            "stale": bool(self.changed()),
        }

    def refusal(self, request: dict[str, Any]) -> str | None:
        """Why the worker can't run ``request`` as its own process would; None if it can."""
        if request.get("python") != self.python:
            return f"another Python ({request.get('python')}, the worker's is {self.python})"
        if request.get("api_url") != self.api_url:
            return f"another Prefect API ({request.get('api_url')}, the worker's is {self.api_url})"
        env = request.get("env")
        wanted = run_prefect_environ(env if isinstance(env, dict) else {}, self.api_url)
        differing = sorted(
            key
            for key in wanted.keys() | self.prefect.keys()
            if wanted.get(key) != self.prefect.get(key) and not key.startswith(_PER_RUN)
        )
        if differing:
            return f"other Prefect settings: {', '.join(differing)}"
        changed = self.changed()
        return f"QAtron's code changed since it started: {changed[0]}" if changed else None

    def changed(self) -> list[str]:
        """The loaded source files changed (or gone) since the worker started."""
        return [path for path, mtime in self.code.items() if _mtime(path) != mtime]


def _loaded_code() -> Iterator[tuple[str, int]]:
    """Each imported module's source file under QAtron's root (its packages, and its
    virtualenv when it lives there) with its modification time."""
    root = str(Path(__file__).resolve().parents[2]) + os.sep
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.startswith(root) and (mtime := _mtime(path)):
            yield path, mtime


def _mtime(path: str) -> int:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return 0


def serve(worker: WarmWorker, identity: Identity, run: RunHandler) -> None:
    """Listen on the worker's socket until SIGTERM (or a refusal for changed code); fork
    a child for each run request, which calls ``run`` and never comes back here.

    Returns at once when another worker holds the home's lock.
    """
    lock = _lock(worker.lock_file)
    if lock is None:
        print(f"another warm worker serves {worker.home}", file=sys.stderr, flush=True)
        return
    owner = os.getpid()
    loop = _Loop(identity, run, lock, _listen(worker.socket_path), worker.socket_path)
    worker.pid_file.write_text(str(owner))
    signal.signal(signal.SIGTERM, _exit)
    print(
        f"warm worker {owner} serving {identity.api_url} on {worker.socket_path} "
        f"({len(identity.code)} modules loaded)",
        file=sys.stderr,
        flush=True,
    )
    try:
        loop.forever()
    finally:
        if os.getpid() == owner:  # a child leaves through here too: it must not clean up
            if loop.listening():
                worker.socket_path.unlink(missing_ok=True)
            with suppress(OSError):
                if worker.pid_file.read_text().strip() == str(owner):
                    worker.pid_file.unlink()
            loop.close()


def _exit(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


@dataclass
class _Loop:
    """The worker's descriptors and children; a child closes all of them but its own."""

    identity: Identity
    run: RunHandler
    lock: int
    listener: socket.socket
    path: Path
    children: dict[int, Channel] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.inode = os.stat(self.path).st_ino

    def forever(self) -> None:
        """Serve while the socket's path is this worker's (its home was not removed)."""
        with selectors.DefaultSelector() as selector:
            selector.register(self.listener, selectors.EVENT_READ)
            while self.listening():
                if selector.select(_TICK):
                    connection, _ = self.listener.accept()
                    self.answer(Channel(connection))
                self.reap()

    def listening(self) -> bool:
        """Whether the socket's path still leads to this worker."""
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def answer(self, channel: Channel) -> None:
        """Read one request: answer a ping, refuse a run or fork a child for it."""
        channel.sock.settimeout(REQUEST_TIMEOUT)
        fds: list[int] = []
        try:
            message, fds = channel.receive()
            request = _accepted(channel, message, self.identity)
        except (OSError, ValueError):
            request = None
        if request is None:
            _close(channel, fds)
            return
        channel.sock.settimeout(None)
        for stream in (sys.stdout, sys.stderr):  # nothing of the worker's may reach the run
            stream.flush()
        pid = os.fork()
        if pid == 0:
            self.close()
            self.run(channel, request, fds)
        for fd in fds:
            os.close(fd)
        self.children[pid] = channel

    def reap(self) -> None:
        """Collect the children that ended; tell their command lines how (a signal ``N``
        as the shell says it: ``128 + N``)."""
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            channel = self.children.pop(pid, None)
            if channel is None:
                continue
            code = os.waitstatus_to_exitcode(status)
            with suppress(OSError):
                channel.send({"exit": code if code >= 0 else 128 - code})
            channel.close()

    def close(self) -> None:
        """Let go of the socket, the lock and the children's channels."""
        self.listener.close()
        os.close(self.lock)
        for channel in self.children.values():
            channel.close()


def _lock(path: Path) -> int | None:
    """Hold ``path``'s lock for this process's life; None if another holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return descriptor
        except BlockingIOError:
            if time.monotonic() > deadline:
                os.close(descriptor)
                return None
            time.sleep(_TICK)


def _listen(path: Path) -> socket.socket:
    """A socket listening at ``path`` (bound beside it, then moved there: a command line
    never finds the path without a listener behind it)."""
    fresh = path.with_name(f".{path.name}.{os.getpid()}")
    fresh.unlink(missing_ok=True)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(fresh))
    os.chmod(fresh, 0o600)
    listener.listen(16)
    fresh.replace(path)
    return listener


def _accepted(
    channel: Channel, message: dict[str, Any] | None, identity: Identity
) -> dict[str, Any] | None:
    """The run request of ``message`` once accepted; None after answering a ping or
    refusing. A refusal for changed code ends the worker: the next one loads it anew."""
    if message is not None and "ping" in message:
        channel.send({"worker": identity.describe()})
        return None
    request = message.get("run") if message is not None else None
    if not isinstance(request, dict):
        return None
    reason = identity.refusal(request)
    if reason is None:
        channel.send({"accepted": True})
        return request
    stale = bool(identity.changed())
    channel.send({"refused": reason, "restart": stale})
    print(f"refused a run: {reason}", file=sys.stderr, flush=True)
    if stale:
        raise SystemExit(0)
    return None


def _close(channel: Channel, fds: list[int]) -> None:
    for fd in fds:
        with suppress(OSError):
            os.close(fd)
    channel.close()
