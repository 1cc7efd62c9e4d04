"""The embedded default: a local Prefect server that QAtron starts and reuses.

Prefect's ephemeral API loses task-run records at exit, prints tracebacks and
costs 15-25 s per process, so ``qatron run`` instead starts one
``prefect server start`` on 127.0.0.1 (SQLite under ``~/.qatron/server``),
leaves it running for the next run and for the UI, and ``qatron server stop``
stops it. If ``PREFECT_API_URL`` is set, that server is used instead.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from qatron.errors import InfrastructureError
from qatron.processes import end_group, group_alive, port_in_use, tail

START_TIMEOUT = 120.0
#: How long a server named by PREFECT_API_URL gets to answer before a run gives up on it.
REACH_TIMEOUT = 5.0
#: Settings every QAtron process passes to Prefect: no phoning home (no internet here).
QUIET_SETTINGS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_SERVER_UI_SHOW_PROMOTIONAL_CONTENT": "false",
    "DO_NOT_TRACK": "1",
}


@dataclass(frozen=True)
class LocalServer:
    """Where the local server lives and listens."""

    home: Path
    port: int

    @classmethod
    def default(cls) -> LocalServer:
        home = Path(os.environ.get("QATRON_HOME", "~/.qatron")).expanduser() / "server"
        return cls(home=home, port=int(os.environ.get("QATRON_SERVER_PORT", "4200")))

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "server.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "server.log"

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"{self.api_url}/health", timeout=2) as response:
                return json.loads(response.read() or b"false") is True
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def pid(self) -> int | None:
        try:
            pid = int(self.pid_file.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if group_alive(pid) else None

    def start(self, timeout: float = START_TIMEOUT) -> str:
        """Start the server unless it already answers; return its API URL."""
        if self.healthy():
            return self.api_url
        if port_in_use("127.0.0.1", self.port) and self.pid() is None:
            raise InfrastructureError(
                f"port {self.port} is in use by a program that is not a Prefect server; "
                f"stop it, or set QATRON_SERVER_PORT to a free port"
            )
        if self.pid() is None:
            self._spawn()
        deadline = time.monotonic() + timeout
        while not self.healthy():
            if self.pid() is None or time.monotonic() > deadline:
                raise InfrastructureError(
                    f"the local Prefect server did not start within {timeout:g} s; "
                    f"its log ({self.log_file}) ends with:\n{tail(self.log_file, 15)}"
                )
            time.sleep(0.5)
        return self.api_url

    def _spawn(self) -> None:
        self.home.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, **QUIET_SETTINGS, "PREFECT_HOME": str(self.home)}
        env.pop("PREFECT_API_URL", None)
        prefect = Path(sys.executable).with_name("prefect")
        with self.log_file.open("ab") as log:
            process = subprocess.Popen(
                [str(prefect), "server", "start", "--host", "127.0.0.1", "--port", str(self.port)],
                env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))

    def stop(self, timeout: float = 15.0) -> bool:
        """Stop a server this module started; False if none was running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        end_group(pid, timeout)
        self.pid_file.unlink(missing_ok=True)
        return True


def use_prefect_api() -> str:
    """Point this process's Prefect client at a server; call before importing prefect."""
    for key, value in QUIET_SETTINGS.items():
        os.environ.setdefault(key, value)
    if os.environ.get("PREFECT_API_URL"):
        return check_reachable(os.environ["PREFECT_API_URL"])
    url = LocalServer.default().start()
    os.environ["PREFECT_API_URL"] = url
    return url


def check_reachable(api_url: str, timeout: float = REACH_TIMEOUT) -> str:
    """``api_url`` if a server answers there within ``timeout`` seconds (any HTTP status).

    InfrastructureError names the URL when nothing answers.
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{api_url.rstrip('/')}/health", timeout=2):
                return api_url
        except urllib.error.HTTPError:
            return api_url  # it answers; authentication or version problems are Prefect's to say
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            if isinstance(exc, ValueError) or time.monotonic() > deadline:
                raise InfrastructureError(
                    f"the Prefect API at {api_url} (PREFECT_API_URL) does not answer ({reason}); "
                    f"start that server, or unset PREFECT_API_URL to use the local one"
                ) from None
        time.sleep(0.5)
