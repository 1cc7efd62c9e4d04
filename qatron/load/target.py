"""Where a load test sends its load, and whether it may.

Load goes only to loopback addresses and the run's own services, unless qatron.yml lists
a host under ``load_tests.allowed_hosts`` (``*.example.com`` matches its subdomains).
A literal target URL is checked when qatron.yml is read (:func:`check_load_tests`); the
filled target again just before the load starts (:func:`resolve_target`).
"""

from __future__ import annotations

import fnmatch
import ipaddress
import posixpath
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.config_refs import PLACEHOLDER, ReferenceProblem, service_values
from qatron.errors import ConfigError

if TYPE_CHECKING:
    from qatron.config import ProjectConfig
    from qatron.load.config import LoadTest
    from qatron.services import RunningEnvironment


@dataclass
class Target:
    """The filled target URL, and the target's processes and containers to sample."""

    url: str
    pids: list[int] = field(default_factory=list)
    containers: list[str] = field(default_factory=list)


def is_loopback(host: str) -> bool:
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed(host: str, allowed_hosts: list[str], own: set[str] | None = None) -> bool:
    """Whether load may go to ``host``: loopback, one of ``own`` (the environment's
    service hosts) or a host of ``allowed_hosts`` (globs)."""
    host = host.lower()
    return (is_loopback(host) or host in (own or set())
            or any(fnmatch.fnmatchcase(host, pattern.lower()) for pattern in allowed_hosts))


def host_of(url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    return parts.hostname if parts.scheme in ("http", "https") and parts.hostname else None


def check_load_tests(config: ProjectConfig, root: Path | None) -> None:
    """Load tests refer to known environments, services and files, and a literal target
    is a host load may go to. Raises ReferenceProblem with the key path."""
    section = config.load_tests
    for name, spec in section.tests.items():
        where = ("load_tests", name)
        environment = config.environments.get(spec.environment)
        if environment is None:
            raise ReferenceProblem((*where, "environment"),
                                   f"one of the environments ({', '.join(config.environments)})"
                                   f"; got {spec.environment!r}")
        known = [f"{service}.{value}" for service, s in environment.services.items()
                 for value in service_values(s)]
        refs = PLACEHOLDER.findall(spec.target)
        for ref in refs:
            if ref not in known:
                shown = ", ".join(f"{{{k}}}" for k in known[:12]) or "none"
                raise ReferenceProblem((*where, "target"),
                                       f"a URL, or a service value of environment "
                                       f"{spec.environment!r} ({shown}); got {{{ref}}}")
        if not refs:
            _check_literal(where, spec.target, section.allowed_hosts)
        if spec.locustfile is not None:
            _check_locustfile((*where, "locustfile"), spec.locustfile, root)
    for suite_name, suite in config.suites.items():
        for index, test in enumerate(suite.load_tests):
            if test not in section.tests:
                known_tests = ", ".join(section.tests) or "none declared under 'load_tests:'"
                raise ReferenceProblem(("suites", suite_name, "load_tests", str(index)),
                                       f"one of the load tests ({known_tests}); got {test!r}")


def _check_literal(where: tuple[str, ...], url: str, allowed_hosts: list[str]) -> None:
    host = host_of(url)
    if host is None:
        raise ReferenceProblem((*where, "target"),
                               f"an http(s) URL or a service value like "
                               f"{{payment-service.url}}; got {url!r}")
    if not allowed(host, allowed_hosts):
        raise ReferenceProblem((*where, "target"),
                               f"a loopback address, a service of the environment, or a host "
                               f"listed under load_tests.allowed_hosts; {host!r} is none of "
                               f"these (add it there to send load to it)")


def _check_locustfile(loc: tuple[str, ...], path: str, root: Path | None) -> None:
    joined = posixpath.normpath(path)
    if posixpath.isabs(joined) or joined == ".." or joined.startswith("../"):
        raise ReferenceProblem(loc, f"a relative path inside the project folder; got {path!r}")
    if root is not None and not (root / joined).is_file():
        raise ReferenceProblem(loc, f"a Python file inside {root}; {path!r} does not exist")


def resolve_target(name: str, spec: LoadTest, env: RunningEnvironment,
                   allowed_hosts: list[str]) -> Target:
    """The target URL filled from the running environment, with the processes and
    containers of the services it names; ConfigError when load may not go there."""
    from qatron.services import fill

    key = f"load_tests.{name}.target"
    url = fill(spec.target, env, key) or ""
    host = host_of(url)
    own = {str(service.values.get("host", "")).lower() for service in env.services.values()}
    if host is None or not allowed(host, allowed_hosts, own - {""}):
        raise ConfigError(f"{key}: {url!r} is not a loopback address, a service of "
                          f"environment {env.name!r} or a host under "
                          f"load_tests.allowed_hosts: no load was sent")
    named = {ref.split(".")[0] for ref in PLACEHOLDER.findall(spec.target)}
    target = Target(url=url)
    for service_name in named:
        started: Any = env.services.get(service_name)
        process = getattr(started, "process", None)
        if process is not None and process.poll() is None:
            target.pids.append(process.pid)
        container = getattr(started, "container", None)
        if container is not None:
            target.containers.append(str(container.id))
    return target
