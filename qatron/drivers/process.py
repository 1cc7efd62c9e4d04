"""``type: process``: a command QAtron starts on a loopback port and health-checks.

Its command and a command health check are filled with shell quoting (see
:func:`qatron.services.fill`) and started through :func:`qatron.processes.spawn`.
"""

from __future__ import annotations

import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from qatron.config import HealthCheck, ProcessService
from qatron.drivers.base import StartContext, Started
from qatron.errors import ConfigError, InfrastructureError, ServiceStartError
from qatron.probes import probe, url_problem
from qatron.processes import SpawnError, port_in_use, spawn, stop_group, tail

#: A shell's exit code for "command not found".
_NOT_FOUND = 127
#: Shortest time a health probe gets, even past the startup deadline.
_MIN_PROBE = 0.5


@dataclass
class RunningProcess(Started):
    name: str
    host: str
    port: int
    log_path: Path
    stop_timeout: float = 5.0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def values(self) -> dict[str, object]:
        return {"url": self.url, "host": self.host, "port": self.port}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            stop_group(self.process, timeout=self.stop_timeout)


def start_process(spec: ProcessService, ctx: StartContext, port: int) -> RunningProcess:
    """Start the command on ``port`` and wait for its health check."""
    if isinstance(spec.port, int) and port_in_use(spec.host, spec.port):
        raise InfrastructureError(
            f"{ctx.key}.port: port {spec.port} on {spec.host} is already in use by another "
            f"process; stop that process or set `port: auto`")
    service = RunningProcess(name=ctx.service, host=spec.host, port=port, log_path=ctx.log_path,
                             stop_timeout=spec.stop_timeout)
    command = ctx.fill(spec.command, f"{ctx.key}.command", shell=True) or ""
    cwd = (ctx.project.root / spec.cwd).resolve()
    if not cwd.is_dir():
        raise ConfigError(f"{ctx.project.path}: {ctx.key}.cwd: expected a folder; "
                          f"{cwd} does not exist")
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child_env.update({k: ctx.fill(v, f"{ctx.key}.env.{k}") or "" for k, v in spec.env.items()})
    try:
        service.process = spawn(command, cwd=cwd, env=child_env, log_path=ctx.log_path,
                                shell=True, project=ctx.project_mark)
    except SpawnError as exc:
        raise ServiceStartError(ctx.service, f"{exc}; check `{ctx.key}.command` in "
                                f"{ctx.project.path}: is the program installed?") from None
    try:
        wait_healthy(spec.health_check, ctx, spec.startup_timeout, service.process.poll,
                     lambda: _why_exited(service.process, command, ctx), cwd=cwd)
    except BaseException:
        service.stop()
        raise
    return service


def _why_exited(process: subprocess.Popen[bytes] | None, command: str, ctx: StartContext) -> str:
    code = process.poll() if process is not None else None
    if code == _NOT_FOUND:
        return (f"its command {command!r} was not found (exit code {code}); check "
                f"`{ctx.key}.command` in {ctx.project.path}: is the program installed and "
                f"on PATH?")
    return f"its process exited with code {code}"


def wait_healthy(check: HealthCheck | None, ctx: StartContext, timeout: float,
                 exited: Callable[[], object | None], why_exited: Callable[[], str],
                 cwd: Path | None = None) -> None:
    """Poll the health check until it passes; raise ServiceStartError with the log tail.

    ``exited()`` returns non-None once the service is gone; ``why_exited()`` says how.
    A command probe runs in ``cwd`` (default: the project folder) and is stopped
    when the ``timeout`` is up.
    """
    if exited() is not None:  # gone before it published what the check names ({url})
        raise ServiceStartError(ctx.service, why_exited(), tail(ctx.log_path))
    is_url = check is not None and check.url is not None
    target = ctx.fill(check.url or check.command, f"{ctx.key}.health_check",
                      shell=not is_url) if check else None
    deadline = time.monotonic() + timeout
    while True:
        if exited() is not None:
            raise ServiceStartError(ctx.service, why_exited(), tail(ctx.log_path))
        left = max(deadline - time.monotonic(), _MIN_PROBE)
        if target is None:
            return
        try:
            last = url_problem(target, left) if is_url else None
            if (last is None if is_url else probe(target, is_url=False, timeout=left,
                                                  cwd=cwd or ctx.project.root,
                                                  project=ctx.project_mark)):
                return
        except SpawnError as exc:
            raise ServiceStartError(
                ctx.service, f"its health check {exc}; check `{ctx.key}.health_check.command` "
                f"in {ctx.project.path}", tail(ctx.log_path)) from None
        if time.monotonic() > deadline:
            raise ServiceStartError(
                ctx.service, f"health check {target!r} did not pass within {timeout:g} s"
                + (f" (last answer: {last})" if last else ""), tail(ctx.log_path))
        time.sleep(check.interval if check else 0.1)
