"""Provision an environment's services for one run and tear them down.

    >>> env = start_environment(project, "local", run_dir)
    >>> env.fixture_data()["services"]["user-service"]["url"]
    'http://127.0.0.1:41873'
    >>> env.stop()

Services start in dependency order (a service whose command mentions
``{user-service.url}`` starts after ``user-service``), each on a free loopback
port unless the configuration fixes one, and must pass its health check
before the next one starts. If one fails, the ones already started are
stopped before the error is raised: nothing is left running.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

from qatron.config import Environment, ProcessService, Project
from qatron.errors import ConfigError, InfrastructureError, ServiceStartError
from qatron.processes import free_port, port_in_use, spawn, stop_group, tail

_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.-]+)\}")


@dataclass
class RunningService:
    name: str
    host: str
    port: int
    log_path: Path
    stop_timeout: float = 5.0
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"


@dataclass
class RunningEnvironment:
    """The live environment of one run: what the tests get, and what to stop."""

    name: str
    run_dir: Path
    base_url: str | None = None
    api_url: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    services: dict[str, RunningService] = field(default_factory=dict)

    def fixture_data(self) -> dict[str, Any]:
        """The dict the ``environment`` pytest fixture returns."""
        return {
            **self.variables,
            "name": self.name,
            "base_url": self.base_url,
            "api_url": self.api_url,
            "services": {
                name: {"url": svc.url, "host": svc.host, "port": svc.port}
                for name, svc in self.services.items()
            },
        }

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(self.fixture_data(), indent=2), encoding="utf-8")
        return path

    def stop(self) -> None:
        """Stop every started service, last started first."""
        for service in reversed(list(self.services.values())):
            if service.process is not None and service.process.poll() is None:
                stop_group(service.process, timeout=service.stop_timeout)


def start_environment(project: Project, name: str, run_dir: Path) -> RunningEnvironment:
    """Start the services of environment ``name``; see the module docstring."""
    config = project.environment(name)
    order = _start_order(config, name)
    env = RunningEnvironment(name=name, run_dir=run_dir, variables=dict(config.variables))
    for service_name in order:
        spec = config.services[service_name]
        env.services[service_name] = RunningService(
            name=service_name,
            host=spec.host,
            port=spec.port if isinstance(spec.port, int) else free_port(spec.host),
            log_path=run_dir / "logs" / f"service-{service_name}.log",
            stop_timeout=spec.stop_timeout,
        )
    try:
        for service_name in order:
            _start(project, name, config.services[service_name], env.services[service_name], env)
        env.base_url = _fill(config.base_url, env, f"environments.{name}.base_url")
        env.api_url = _fill(config.api_url, env, f"environments.{name}.api_url")
    except BaseException:
        env.stop()
        raise
    return env


def _start_order(config: Environment, env_name: str) -> list[str]:
    graph: dict[str, set[str]] = {}
    for service_name, spec in config.services.items():
        text = " ".join([spec.command, *spec.env.values(), spec.cwd])
        graph[service_name] = {
            ref.split(".")[0] for ref in _PLACEHOLDER.findall(text)
            if ref.split(".")[0] in config.services and ref.split(".")[0] != service_name
        }
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        cycle = " -> ".join(exc.args[1])
        raise ConfigError(
            f"environments.{env_name}.services: services wait on each other in a cycle "
            f"({cycle}); remove one of these references"
        ) from None


def _start(
    project: Project, env_name: str, spec: ProcessService, service: RunningService,
    env: RunningEnvironment,
) -> None:
    key = f"environments.{env_name}.services.{service.name}"
    if isinstance(spec.port, int) and port_in_use(spec.host, spec.port):
        raise InfrastructureError(
            f"{key}.port: port {spec.port} on {spec.host} is already in use by another "
            f"process; stop that process or set `port: auto`"
        )
    own = {"port": str(service.port), "host": service.host, "url": service.url}
    command = _fill(spec.command, env, f"{key}.command", own)
    cwd = (project.root / spec.cwd).resolve()
    if not cwd.is_dir():
        raise ConfigError(f"{project.path}: {key}.cwd: expected a folder; {cwd} does not exist")
    child_env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child_env.update({k: _fill(v, env, f"{key}.env.{k}", own) for k, v in spec.env.items()})
    service.process = spawn(command, cwd=cwd, env=child_env, log_path=service.log_path, shell=True)
    _wait_healthy(spec, service, env, own, key)


def _wait_healthy(
    spec: ProcessService, service: RunningService, env: RunningEnvironment,
    own: dict[str, str], key: str,
) -> None:
    check = spec.health_check
    probe = _fill(check.url or check.command, env, f"{key}.health_check", own) if check else None
    deadline = time.monotonic() + spec.startup_timeout
    assert service.process is not None
    while True:
        code = service.process.poll()
        if code is not None:
            raise ServiceStartError(
                service.name, f"its process exited with code {code}", tail(service.log_path)
            )
        if probe is None or _probe(probe, is_url=check is not None and check.url is not None):
            return
        if time.monotonic() > deadline:
            raise ServiceStartError(
                service.name,
                f"health check {probe!r} did not pass within {spec.startup_timeout:g} s",
                tail(service.log_path),
            )
        time.sleep(check.interval if check else 0.1)


def _probe(target: str, *, is_url: bool) -> bool:
    if not is_url:
        return subprocess.run(target, shell=True, capture_output=True).returncode == 0
    try:
        with urllib.request.urlopen(target, timeout=2) as response:  # noqa: S310
            return 200 <= response.status < 400
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _fill(
    template: str | None, env: RunningEnvironment, key: str, own: dict[str, str] | None = None
) -> str | None:
    """Replace ``{placeholders}`` in ``template``; unknown ones are a ConfigError."""
    if template is None:
        return None
    values = {"python": shlex.quote(sys.executable), "run_dir": str(env.run_dir), **(own or {})}
    for name, svc in env.services.items():
        values.update({f"{name}.url": svc.url, f"{name}.host": svc.host,
                       f"{name}.port": str(svc.port)})

    def replace(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            known = ", ".join("{" + k + "}" for k in sorted(values))
            raise ConfigError(f"{key}: unknown placeholder {match.group(0)}; known: {known}")
        return values[match.group(1)]

    return _PLACEHOLDER.sub(replace, template)
