"""Tear an environment down within a deadline.

Each service is stopped, last started first, in a thread of its own; one that is
still stopping when the deadline passes is left behind (a process service's
group is killed outright) and reported, so a hung step never hangs the run::

    >>> problems = stop_environment(environment, timeout=120)
"""

from __future__ import annotations

import os
import signal
import threading
import time

from qatron.drivers.base import Started
from qatron.services import RunningEnvironment

#: Seconds the whole teardown of one environment may take (QATRON_TEARDOWN_TIMEOUT).
TEARDOWN_TIMEOUT = 120.0


def teardown_timeout() -> float:
    """QATRON_TEARDOWN_TIMEOUT if set to a positive number, else TEARDOWN_TIMEOUT."""
    try:
        value = float(os.environ.get("QATRON_TEARDOWN_TIMEOUT", TEARDOWN_TIMEOUT))
    except ValueError:
        return TEARDOWN_TIMEOUT
    return value if value > 0 else TEARDOWN_TIMEOUT


def stop_environment(env: RunningEnvironment, timeout: float | None = None) -> list[str]:
    """Stop every service of ``env`` within ``timeout`` seconds; return the problems met."""
    limit = teardown_timeout() if timeout is None else timeout
    deadline = time.monotonic() + limit
    problems = []
    for name, service in reversed(list(env.services.items())):
        problem = _stop_within(service, deadline - time.monotonic(), limit)
        if problem:
            problems.append(f"{name}: {problem}")
    env.remove_scratch()
    return problems


def _stop_within(service: Started, seconds: float, limit: float) -> str | None:
    failure: list[BaseException] = []

    def stop() -> None:
        try:
            service.stop()
        except BaseException as exc:  # noqa: BLE001 - reported, the others still stop
            failure.append(exc)

    worker = threading.Thread(target=stop, name="qatron-teardown", daemon=True)
    worker.start()
    worker.join(max(seconds, 0.0))
    if worker.is_alive():
        late = f"still stopping when the teardown deadline ({limit:g} s) passed"
        if _kill(service):
            return f"{late}: killed its processes"
        return f"{late}: it may be left behind; remove it with `qatron env gc`"
    return f"{type(failure[0]).__name__}: {failure[0]}" if failure else None


def _kill(service: Started) -> bool:
    """SIGKILL the process group of a process service; whether it had one."""
    process = getattr(service, "process", None)
    if process is None:
        return False
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        return True  # already gone
    except PermissionError:
        return False
    return True
