"""Provision an environment's services for one run and tear them down.

    >>> env = start_environment(project, "local", run_dir, run_tag="r17")
    >>> env.fixture_data()["services"]["user-service"]["url"]
    'http://127.0.0.1:41873'
    >>> env.stop()

A ``{placeholder}`` in a command (``shell=True`` in :func:`fill`) is quoted
for the shell where it stands: a project folder named ``a b$(touch x)``
stays one word and runs nothing.

Services start in dependency order (a service whose settings mention
``{payment-db.url}`` starts after ``payment-db``), process services each on
a free loopback port unless the configuration fixes one, and each must be
healthy before the next one starts. If one fails, the ones already started
are stopped, last first, before the error is raised: nothing is left
behind. The drivers for each ``type`` are in :mod:`qatron.drivers`.
"""

from __future__ import annotations

import json
import re
import secrets
import shlex
import shutil
import sys
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

from qatron.config import Environment, ProcessService, Project, SeleniumGridService
from qatron.drivers.base import StartContext, Started
from qatron.errors import ConfigError, InfrastructureError, ServiceStartError
from qatron.processes import free_port

_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.-]+)\}")


@dataclass
class RunningEnvironment:
    """The live environment of one run: what the tests get, and what to stop."""

    name: str
    run_dir: Path
    base_url: str | None = None
    api_url: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    services: dict[str, Started] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    scratch: list[Path] = field(default_factory=list)  # files and folders removed at stop
    #: Services that did not start (``keep_going``), with why: a journey's applications
    #: that run as them are down.
    down: dict[str, str] = field(default_factory=dict)

    def fixture_data(self) -> dict[str, Any]:
        """The dict the ``environment`` pytest fixture returns."""
        return {
            **self.variables,
            "name": self.name,
            "base_url": self.base_url,
            "api_url": self.api_url,
            "services": {name: svc.values for name, svc in self.services.items()},
            **({"data": self.data} if self.data else {}),
        }

    def write(self, path: Path) -> Path:
        path.write_text(json.dumps(self.fixture_data(), indent=2), encoding="utf-8")
        return path

    def stop(self) -> list[str]:
        """Stop every started service, last started first; return the problems met."""
        problems = []
        for service in reversed(list(self.services.values())):
            try:
                service.stop()
            except Exception as exc:  # noqa: BLE001 - keep stopping the others
                problems.append(f"{service.name}: {exc}")
        self.remove_scratch()
        return problems

    def remove_scratch(self) -> None:
        """Remove the files and folders the environment made for its run."""
        for path in self.scratch:
            if path.is_dir():
                shutil.rmtree(path, ignore_errors=True)
            else:
                path.unlink(missing_ok=True)


def new_run_tag(run_id: int | None = None) -> str:
    """A tag unique to one run, for names of databases, containers and buckets."""
    suffix = secrets.token_hex(3)
    return f"r{run_id}-{suffix}" if run_id is not None else suffix


def start_environment(project: Project, name: str, run_dir: Path,
                      run_tag: str | None = None, keep_going: bool = False) -> RunningEnvironment:
    """Start the services of environment ``name``; see the module docstring.

    With ``keep_going``, a service that fails to start (and those that need it) is put
    in ``down`` with the reason instead of failing the whole environment.
    """
    from qatron.drivers import start_service

    config = project.environment(name)
    order = _start_order(config, name)
    env = RunningEnvironment(name=name, run_dir=run_dir, variables=dict(config.variables))
    tag = run_tag or new_run_tag()
    ports = {svc: spec.port if isinstance(spec.port, int) else free_port(spec.host)
             for svc, spec in config.services.items()
             if isinstance(spec, (ProcessService, SeleniumGridService))}
    try:
        for service_name in order:
            spec = config.services[service_name]
            if keep_going and _needs_down(spec, service_name, env):
                continue
            own = _own_values(spec, ports.get(service_name))
            ctx = StartContext(
                project=project, environment=name, service=service_name, run_tag=tag,
                run_dir=run_dir, log_path=run_dir / "logs" / f"service-{service_name}.log",
                fill=lambda template, key, own=own, shell=False: fill(template, env, key, own,
                                                                      shell=shell))
            try:
                env.services[service_name] = start_service(spec, ctx, ports.get(service_name))
            except (ServiceStartError, InfrastructureError) as exc:
                if not keep_going:
                    raise
                why = exc.reason if isinstance(exc, ServiceStartError) else str(exc)
                env.down[service_name] = " ".join(why.split())[:500]
        for key in ("base_url", "api_url"):
            try:
                setattr(env, key, fill(getattr(config, key), env, f"environments.{name}.{key}"))
            except ConfigError:
                if not (keep_going and env.down):
                    raise
    except BaseException:
        env.stop()
        raise
    return env


def _needs_down(spec: Any, service_name: str, env: RunningEnvironment) -> bool:
    """Whether the service refers to one that is down; if so it is down too."""
    text = json.dumps(spec.model_dump(mode="json"))
    for ref in _PLACEHOLDER.findall(text):
        other = ref.split(".")[0]
        if other in env.down and other != service_name:
            env.down[service_name] = f"it needs {other}, which is down"
            return True
    return False


def _own_values(spec: Any, port: int | None) -> dict[str, str]:
    if port is None:
        return {}
    return {"port": str(port), "host": spec.host, "url": f"http://{spec.host}:{port}"}


def _start_order(config: Environment, env_name: str) -> list[str]:
    graph: dict[str, set[str]] = {}
    for service_name, spec in config.services.items():
        text = json.dumps(spec.model_dump(mode="json"))
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


def fill(template: str | None, env: RunningEnvironment, key: str,
         own: dict[str, str] | None = None, *, shell: bool = False) -> str | None:
    """Replace ``{placeholders}`` in ``template``; unknown ones are a ConfigError.

    With ``shell``, each value is quoted for a POSIX shell (or ``shlex.split``)
    according to the quotes it stands in: bare, inside '…' or inside "…".
    """
    if template is None:
        return None
    values = {"python": sys.executable, "run_dir": str(env.run_dir), **(own or {})}
    for name, svc in env.services.items():
        values.update({f"{name}.{k}": str(v) for k, v in svc.values.items()})

    def value(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            known = ", ".join("{" + k + "}" for k in sorted(values))
            raise ConfigError(f"{key}: unknown placeholder {match.group(0)}; known: {known}")
        return values[match.group(1)]

    if not shell:
        return _PLACEHOLDER.sub(value, template)
    return "".join(part if match is None else _shell_quote(value(match), quote)
                   for part, match, quote in _shell_parts(template))


def _shell_parts(template: str) -> list[tuple[str, re.Match[str] | None, str]]:
    """``template`` cut into text and placeholders, each placeholder with the quote it is in."""
    parts: list[tuple[str, re.Match[str] | None, str]] = []
    quote, i = "", 0
    while i < len(template):
        match = _PLACEHOLDER.match(template, i)
        if match is not None:
            parts.append(("", match, quote))
            i = match.end()
            continue
        char = template[i]
        step = 2 if char == "\\" and quote != "'" else 1
        if not quote and char in "'\"":
            quote = char
        elif char == quote:
            quote = ""
        parts.append((template[i:i + step], None, quote))
        i += step
    return parts


def _shell_quote(value: str, quote: str) -> str:
    if quote == "'":
        return value.replace("'", "'\\''")
    if quote == '"':
        return re.sub(r'([\\"$`])', r"\\\1", value)
    return shlex.quote(value)


def service_health(project: Project, env: RunningEnvironment) -> dict[str, str]:
    """Each running service's health now, by its health-check URL: ``ok`` or what failed.

    Services without a URL health check are left out.
    """
    from qatron.probes import probe

    config = project.environment(env.name)
    health: dict[str, str] = {}
    for name, started in env.services.items():
        check = getattr(config.services.get(name), "health_check", None)
        if check is None or not getattr(check, "url", None):
            continue
        own = {key: str(value) for key, value in started.values.items()}
        url = fill(check.url, env, f"environments.{env.name}.services.{name}.health_check", own)
        health[name] = "ok" if url and probe(url, is_url=True) else f"health check {url} failed"
    return health
