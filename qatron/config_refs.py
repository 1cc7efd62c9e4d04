"""Checks across ``qatron.yml`` made at load time: placeholders, service order, paths.

Each failed check raises :class:`ReferenceProblem` with the key path and what
was expected; the loader turns it into a ConfigError with file and line.

Placeholders are what :func:`qatron.services.fill` replaces when a run starts:
``{python}`` and ``{run_dir}`` everywhere, a process service's own ``{url}``,
``{host}`` and ``{port}``, and ``{<service>.<value>}`` of the environment's
other services, whose values depend on their type (see :data:`SERVICE_VALUES`).
A Docker service's health check may also use its own values.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Iterator
from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from qatron.config import Environment, ProjectConfig

PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.-]+)\}")
EVERYWHERE = ("python", "run_dir")
#: The values each type of service offers to the others' settings (as its drivers set them).
SERVICE_VALUES = {
    "process": ("url", "host", "port"),
    "postgres": ("url", "host", "port", "database", "user", "password", "dsn"),
    "sqlite": ("url", "path"),
    "s3": ("url", "bucket", "endpoint_url", "region"),
    "docker": ("host", "container", "id"),
    "selenium-grid": ("url", "host", "port"),
}

Loc = tuple[str, ...]


class ReferenceProblem(Exception):  # not ValueError: pydantic would wrap it
    """A setting that refers to something that is not there."""

    def __init__(self, loc: Loc, expected: str) -> None:
        super().__init__(expected)
        self.loc = loc
        self.expected = expected


def service_values(spec: Any) -> list[str]:
    """The ``{<service>.<value>}`` names a service of this spec's type offers."""
    values = list(SERVICE_VALUES[spec.type])
    if spec.type == "docker":
        values += (["url", "port"] if spec.ports else []) + [f"port.{p}" for p in spec.ports]
    return values


def check_environment(name: str, environment: Environment) -> None:
    """Every placeholder is known, and services do not wait on each other in a cycle."""
    services = environment.services
    _check_order(name, environment)
    for service, spec in services.items():
        others = _values_of(services, exclude=service)
        for loc, template, own in _filled(spec):
            _check_template(("environments", name, "services", service, *loc), template,
                            [*EVERYWHERE, *own, *others], service, own)
    for key in ("base_url", "api_url"):
        _check_template(("environments", name, key), getattr(environment, key),
                        [*EVERYWHERE, *_values_of(services)])


def check_dataset_url(name: str, url: str | None, environments: dict[str, Environment]) -> None:
    """A dataset's URL names values of a service that some environment has."""
    known = dict.fromkeys(value for environment in environments.values()
                          for value in _values_of(environment.services))
    _check_template(("datasets", name, "url"), url, [*EVERYWHERE, *known])


def check_browser_url(loc: Loc, browser: Any, environments: dict[str, Environment]) -> None:
    """A browser's ``grid_url`` names values of a service that some environment has."""
    if browser is None:
        return
    known = dict.fromkeys(value for environment in environments.values()
                          for value in _values_of(environment.services))
    _check_template(loc, browser.grid_url, [*EVERYWHERE, *known])


def check_paths(config: ProjectConfig) -> None:
    """Applications and the test paths of suites stay inside the project folder."""
    for name, application in config.applications.items():
        _inside(("applications", name, "path"), application.path, ".")
        for index, test in enumerate(application.tests):
            _inside(("applications", name, "tests", str(index)), test, application.path)
    for name, suite in config.suites.items():
        tested = config.applications.get(suite.application or "") \
            or next(iter(config.applications.values()), None)
        folder = tested.path if tested else "."
        for index, path in enumerate(suite.paths):
            _inside(("suites", name, "paths", str(index)), path, folder)


def _inside(loc: Loc, path: str, folder: str) -> None:
    if "\0" in path:
        raise ReferenceProblem(loc, f"a relative path inside the project folder, without NUL "
                                    f"characters; got {path!r}")
    target = path.split("::", 1)[0]
    joined = posixpath.normpath(posixpath.join(folder, target))
    if posixpath.isabs(joined) or joined == ".." or joined.startswith("../"):
        raise ReferenceProblem(loc, f"a relative path inside the project folder; got {path!r}")


def _values_of(services: dict[str, Any], exclude: str | None = None) -> list[str]:
    return [f"{service}.{value}" for service, spec in services.items() if service != exclude
            for value in service_values(spec)]


def _filled(spec: Any) -> Iterator[tuple[Loc, str | None, list[str]]]:
    """(key, template, the service's own values) for each setting filled at start."""
    own = list(SERVICE_VALUES["process"]) if spec.type == "process" else []
    if spec.type in ("process", "docker"):
        if isinstance(spec.command, list):
            yield from ((("command", str(i)), part, own) for i, part in enumerate(spec.command))
        else:
            yield ("command",), spec.command, own
        yield from ((("env", key), value, own) for key, value in spec.env.items())
        check = spec.health_check
        if check is not None:
            mine = own if spec.type == "process" else service_values(spec)
            yield ("health_check", "url" if check.url else "command"), \
                check.url or check.command, mine
    elif spec.type == "postgres":
        yield ("server",), spec.server, own
    elif spec.type == "s3":
        yield ("endpoint_url",), spec.endpoint_url, own


def _check_template(loc: Loc, template: str | None, known: list[str],
                    service: str | None = None, own: list[str] | None = None) -> None:
    for match in PLACEHOLDER.finditer(template or ""):
        if match.group(1) not in known:
            raise ReferenceProblem(loc, _unknown(match, template or "", known, service, own))


def _unknown(match: re.Match[str], template: str, known: list[str], service: str | None,
             own: list[str] | None) -> str:
    name = match.group(1)
    message = f"unknown placeholder {{{name}}}"
    if service is not None and name.split(".")[0] == service:
        mine = ", ".join(f"{{{value}}}" for value in own or []) or "none"
        message += f": a service's own values are written without its name ({mine})"
    elif match.start() > 0 and template[match.start() - 1] == "$":
        message += f" (for the shell variable, write ${name})"
    close = difflib.get_close_matches(name, known, n=1)
    shown = ", ".join(f"{{{value}}}" for value in known[:12]) + (", …" if len(known) > 12 else "")
    hint = f" (did you mean {{{close[0]}}}?)" if close else ""
    return f"{message}{hint}; known here: {shown}"


def _check_order(name: str, environment: Environment) -> None:
    graph: dict[str, dict[str, Loc]] = {}
    for service, spec in environment.services.items():
        graph[service] = {}
        for loc, text in _strings(spec.model_dump(mode="json", by_alias=True)):
            for ref in PLACEHOLDER.findall(text):
                other = ref.split(".")[0]
                if other in environment.services and other != service:
                    graph[service].setdefault(other, loc)
    try:
        TopologicalSorter(graph).prepare()
    except CycleError as exc:
        cycle = exc.args[1]
        first, second = cycle[-1], cycle[-2]
        raise ReferenceProblem(
            ("environments", name, "services", first, *graph[first][second]),
            f"services wait on each other in a cycle ({' -> '.join(reversed(cycle))}); "
            f"remove one of these references") from None


def _strings(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, str(index)))
