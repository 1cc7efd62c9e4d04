"""The warm worker's files, and starting, asking and stopping it from the command line.

    worker = WarmWorker.default()          # beside the local Prefect server: ~/.qatron/server
    worker.start(api_url, wait=60)         # spawn it unless it answers; wait until it does
    worker.answer()                        # {"pid": …, "api_url": …, "python": …} or None
    worker.stop()                          # it and every run it forked

It lives in ``warm.sock`` (the socket it listens on), ``warm.pid``, ``warm.lock`` (held
while it runs: one worker per home) and ``warm.log`` under the local server's home.
``QATRON_WARM_WORKER=off`` keeps ``qatron run`` in its own process and starts no worker.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from qatron.errors import InfrastructureError
from qatron.processes import end_group, group_alive, tail
from qatron.server import QUIET_SETTINGS, LocalServer
from qatron.warm.channel import Channel

#: Set to ``off`` to run every ``qatron run`` in its own process, with no warm worker.
SWITCH = "QATRON_WARM_WORKER"
#: Settings a run's process gives Prefect before importing it (besides QUIET_SETTINGS).
RUN_PREFECT_DEFAULTS = {"PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING"}
#: Seconds ``server start`` waits for a new worker to answer (it imports for a few seconds).
START_TIMEOUT = 120.0
#: The prefix of the variables a work pool's worker gives one flow run (its id, its
#: control channel's port and token…), which are not Prefect settings.
FLOW_RUN = "PREFECT__"
#: Longest path of a Unix socket on Linux, terminating NUL excluded.
_SOCKET_PATH_MAX = 107


@dataclass(frozen=True)
class WarmWorker:
    """Where the warm worker of one local server's home keeps its files."""

    home: Path

    @classmethod
    def default(cls) -> WarmWorker:
        return cls(LocalServer.default().home)

    @property
    def socket_path(self) -> Path:
        return self.home / "warm.sock"

    @property
    def pid_file(self) -> Path:
        return self.home / "warm.pid"

    @property
    def lock_file(self) -> Path:
        return self.home / "warm.lock"

    @property
    def log_file(self) -> Path:
        return self.home / "warm.log"

    def pid(self) -> int | None:
        """The worker's pid while its process (group) lives."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if group_alive(pid) else None

    def answer(self, timeout: float = 2.0) -> dict[str, Any] | None:
        """What the worker says about itself (pid, API URL, Python, start time), or None
        when it does not answer within ``timeout`` seconds."""
        try:
            channel = Channel.connect(str(self.socket_path), timeout)
        except OSError:
            return None
        try:
            channel.send({"ping": True})
            reply, _ = channel.receive()
        except (OSError, ValueError):
            return None
        finally:
            channel.close()
        return reply.get("worker") if reply else None

    def start(self, api_url: str, wait: float | None = START_TIMEOUT) -> dict[str, Any] | None:
        """Start the worker for the Prefect API at ``api_url`` unless one answers that has
        the code on disk (an older one is stopped); with ``wait``, wait that long for it to
        answer and return what it says (None: not waited for)."""
        if (found := self.answer()) is not None:
            if not found.get("stale"):
                return found
            self.stop()
        if self.pid() is None:
            self.spawn(api_url)
        if wait is None:
            return None
        deadline = time.monotonic() + wait
        while (found := self.answer()) is None:
            if self.pid() is None or time.monotonic() > deadline:
                raise InfrastructureError(
                    f"the warm worker did not start within {wait:g} s; its log "
                    f"({self.log_file}) ends with:\n{tail(self.log_file, 15)}"
                )
            time.sleep(0.2)
        return found

    def spawn(self, api_url: str) -> None:
        """Start the worker's process in a session of its own, not waiting for it."""
        if len(os.fsencode(self.socket_path)) > _SOCKET_PATH_MAX:
            raise InfrastructureError(
                f"the warm worker's socket path {self.socket_path} is longer than "
                f"{_SOCKET_PATH_MAX} bytes; set QATRON_HOME to a shorter folder"
            )
        self.home.mkdir(parents=True, exist_ok=True)
        # started from a flow run's command (qatron.warm.engine), not that flow run's own
        own = {key: value for key, value in os.environ.items() if not key.startswith(FLOW_RUN)}
        env = {**own, **run_prefect_environ(own, api_url)}
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [sys.executable, "-P", "-m", "qatron.cli.warm", str(self.home), api_url],
                cwd=self.home,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop the worker and the runs it forked (they are cancelled and torn down);
        False if no worker was running."""
        pid = self.pid()
        if pid is not None:
            end_group(pid, timeout, poll=0.1)
        for path in (self.pid_file, self.socket_path):
            path.unlink(missing_ok=True)
        return pid is not None


def embedded_api() -> str | None:
    """The local server's API URL when a run here would use it (PREFECT_API_URL unset or
    naming it) and the warm worker is not switched off; None otherwise."""
    if os.environ.get(SWITCH, "").lower() in ("off", "0", "false", "no"):
        return None
    local = LocalServer.default().api_url
    named = os.environ.get("PREFECT_API_URL", "").rstrip("/")
    return local if named in ("", local) else None


def run_prefect_environ(env: Mapping[str, str], api_url: str) -> dict[str, str]:
    """What a run's process on the local server at ``api_url`` gives Prefect in its
    environment when it imports it: ``env``'s PREFECT_* settings with QAtron's defaults."""
    merged = {**QUIET_SETTINGS, **RUN_PREFECT_DEFAULTS, **env, "PREFECT_API_URL": api_url}
    return {
        key: value
        for key, value in merged.items()
        if key.startswith("PREFECT_") or key in QUIET_SETTINGS
    }
