"""A Locust worker on another machine: one process that connects to a load test's master.

    >>> code = run_worker(locustfile, "10.0.0.5", 5557, log, deadline=time.time() + 600)

The ``run-load-worker`` flow runs it on a work pool's worker, so load that outgrows
one machine spreads over the pool through Locust's own master/worker protocol. The
worker ends when the master ends the test (or quits); past ``deadline`` it is stopped.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from qatron.processes import spawn, stop_group

_POLL = 0.5


def run_worker(locustfile: Path, host: str, port: int, log: Path, deadline: float,
               cancel: threading.Event | None = None, project: str | None = None,
               env: dict[str, str] | None = None) -> int | None:
    """Run one Locust worker until the master ends the test: its exit code, or None when
    it had to be stopped (``deadline``, a ``time.time()`` value, passed, or ``cancel``).
    ``env`` adds to the worker's variables what the master's processes get (the run's
    environment file)."""
    argv = [sys.executable, "-m", "locust", "--worker", "-f", str(locustfile),
            "--master-host", host, "--master-port", str(port), "--loglevel", "WARNING"]
    process = spawn(argv, cwd=locustfile.parent, env={**os.environ, **(env or {})}, log_path=log,
                    project=project)
    try:
        while process.poll() is None:
            if time.time() > deadline or (cancel is not None and cancel.is_set()):
                return None
            time.sleep(_POLL)
        return process.returncode
    finally:
        stop_group(process)
