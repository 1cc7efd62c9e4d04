"""``type: process``: a command QAtron starts on a loopback port and health-checks."""

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
from qatron.probes import probe
from qatron.processes import port_in_use, spawn, stop_group, tail


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
    command = ctx.fill(spec.command, f"{ctx.key}.command")
    cwd = (ctx.project.root / spec.cwd).resolve()
    if not cwd.is_dir():
        raise ConfigError(f"{ctx.project.path}: {ctx.key}.cwd: expected a folder; "
                          f"{cwd} does not exist")
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child_env.update({k: ctx.fill(v, f"{ctx.key}.env.{k}") or "" for k, v in spec.env.items()})
    service.process = spawn(command or "", cwd=cwd, env=child_env, log_path=ctx.log_path,
                            shell=True)
    try:
        wait_healthy(spec.health_check, ctx, spec.startup_timeout, service.process.poll,
                     lambda: f"its process exited with code {service.process.poll()}")
    except BaseException:
        service.stop()
        raise
    return service


def wait_healthy(check: HealthCheck | None, ctx: StartContext, timeout: float,
                 exited: Callable[[], object | None], why_exited: Callable[[], str]) -> None:
    """Poll the health check until it passes; raise ServiceStartError with the log tail.

    ``exited()`` returns non-None once the service is gone; ``why_exited()`` says how.
    """
    target = ctx.fill(check.url or check.command, f"{ctx.key}.health_check") if check else None
    deadline = time.monotonic() + timeout
    while True:
        if exited() is not None:
            raise ServiceStartError(ctx.service, why_exited(), tail(ctx.log_path))
        if target is None or probe(target, is_url=check is not None and check.url is not None):
            return
        if time.monotonic() > deadline:
            raise ServiceStartError(
                ctx.service, f"health check {target!r} did not pass within {timeout:g} s",
                tail(ctx.log_path))
        time.sleep(check.interval if check else 0.1)
