"""``type: docker``: a container of the run's own on the Docker engine, removed afterwards.

    web:
      type: docker
      image: qatron-http:test
      ports: {8080: auto}              # container port: host port, or auto (a free one)
      env: {GREETING: "hi, {api.url}"}
      health_check: "{url}/health"

The engine is the one ``docker.from_env()`` finds: ``$DOCKER_HOST``, else the
local socket (``make docker`` starts one). An image missing on the engine is
pulled. The container is named ``qatron-<run tag>-<service>`` and labelled with
its owner and its project, so ``qatron env gc`` (and the project's next run)
finds it if the run crashes; its ports are published on ``host``.

Values: ``url``, ``host`` and ``port`` (the first published port),
``port.<container port>`` for each, ``container`` (its name) and ``id``. The
health check runs on this machine and may use these values of the service
itself (``{url}``, ``{port.5432}``, ``docker exec {container} …``): they are
filled in once the container runs, before the placeholders of other services.
Without a health check, the service is up once its container runs and its
first container port accepts connections (probed at the container's own
address: the loopback port is held by docker-proxy, which accepts at once).
On stop, the container's output is appended to the service's log.
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import re
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from qatron.config import DockerService
from qatron.drivers.base import (
    LABEL_MANAGED,
    LABEL_OWNER,
    Orphan,
    StartContext,
    Started,
)
from qatron.drivers.process import wait_healthy
from qatron.errors import InfrastructureError, ServiceStartError
from qatron.gc import LABEL_PROJECT_ID, owned_labels
from qatron.processes import owner_gone, port_in_use, tail

DEFAULT_SOCKET = "unix:///var/run/docker.sock"
_PLACEHOLDER = re.compile(r"\{([A-Za-z0-9_.-]+)\}")
_PORT_TAKEN = ("address already in use", "port is already allocated")


@dataclass
class RunningContainer(Started):
    name: str
    log_path: Path
    container: Any  # docker.models.containers.Container
    host: str
    ports: dict[int, int] = field(default_factory=dict)  # container port -> host port
    stop_timeout: float = 5.0
    _stopped: bool = field(default=False, init=False, repr=False)

    @property
    def values(self) -> dict[str, object]:
        values: dict[str, object] = {"host": self.host}
        if self.ports:
            first = next(iter(self.ports.values()))
            values.update(url=f"http://{self.host}:{first}", port=first)
        values.update({f"port.{inner}": outer for inner, outer in self.ports.items()})
        return {**values, "container": self.container.name, "id": self.container.id}

    def stop(self) -> None:
        if not self._stopped:
            remove(self.container, self.stop_timeout, self.log_path)
            self._stopped = True
            self.container.client.close()


def start_docker(spec: DockerService, ctx: StartContext) -> RunningContainer:
    """Run ``spec.image`` as a new container and wait until it is healthy."""
    client = engine(ctx.key)
    try:
        ensure_image(client, spec.image, f"{ctx.key}.image")
        env = {name: ctx.fill(value, f"{ctx.key}.env.{name}") or ""
               for name, value in spec.env.items()}
        command = _fill_command(spec.command, ctx)
        for inner, outer in spec.ports.items():
            if outer != "auto" and port_in_use(spec.host, outer):
                raise _port_taken(ctx, inner, outer, spec.host)
        container = _create(client, spec, ctx, command, env)
    except BaseException:
        client.close()
        raise
    service = RunningContainer(name=ctx.service, log_path=ctx.log_path, container=container,
                               host=spec.host, stop_timeout=spec.stop_timeout)
    try:
        _start(container, spec, ctx)
        service.ports = published(container)
        ctx.log(f"container {container.name} ({spec.image}) runs; ports {service.ports or 'none'}")
        _wait_healthy(service, spec, ctx)
    except BaseException as exc:
        try:
            service.stop()  # saves the container's output in the log, then removes it
        except Exception as problem:  # noqa: BLE001 - the first error is the one to report
            ctx.log(f"could not remove container {container.name}: {problem}")
        if isinstance(exc, ServiceStartError):
            raise ServiceStartError(exc.service, exc.reason, tail(ctx.log_path)) from None
        raise
    return service


def engine(key: str | None = None) -> Any:
    """A client of the Docker engine, or InfrastructureError saying where none answered."""
    import docker

    try:
        return docker.from_env()
    except docker.errors.DockerException as exc:
        where = os.environ.get("DOCKER_HOST") or f"{DEFAULT_SOCKET} (DOCKER_HOST is not set)"
        raise InfrastructureError(
            f"{key + ': ' if key else ''}no Docker engine answers at {where} ({exc}); start one "
            f"with `make docker` (deployments/docker/engine.sh) or set DOCKER_HOST to the "
            f"address of a running engine") from None


def ensure_image(client: Any, image: str, key: str) -> None:
    """Pull ``image`` unless the engine has it; InfrastructureError if that fails."""
    from docker.errors import DockerException, ImageNotFound

    try:
        client.images.get(image)
        return
    except ImageNotFound:
        pass
    try:
        client.images.pull(image)
    except DockerException as exc:
        raise InfrastructureError(
            f"{key}: image {image!r} is not on the Docker engine and could not be pulled "
            f"({getattr(exc, 'explanation', None) or exc}); build it (`docker build -t {image} "
            f"…`; `make docker` builds the qatron-* images) or pull it, then run again") from None


def published(container: Any) -> dict[int, int]:
    """Container port -> host port of what the (running) container publishes."""
    container.reload()
    ports = {}
    for name, bindings in (container.ports or {}).items():
        if bindings:
            ports[int(name.split("/")[0])] = int(bindings[0]["HostPort"])
    return ports


def remove(container: Any, stop_timeout: float, log_path: Path | None = None) -> None:
    """Stop and remove ``container`` (its output appended to ``log_path``); gone is fine."""
    from docker.errors import NotFound

    with contextlib.suppress(NotFound):
        container.stop(timeout=math.ceil(stop_timeout))
        if log_path is not None:
            output = container.logs(stdout=True, stderr=True).decode("utf-8", "replace")
            with log_path.open("a", encoding="utf-8") as out:
                out.write(f"--- output of container {container.name} ---\n{output}")
        container.remove(force=True, v=True)


def find_orphans(project: str | None = None) -> list[Orphan]:
    """QAtron's containers on the engine whose owner process is gone.

    With ``project`` (a :func:`qatron.gc.project_id`), only that project's.
    """
    return [orphan for orphan in all_managed(project) if owner_gone(orphan.owner)]


def all_managed(project: str | None = None) -> list[Orphan]:
    """Every container QAtron created on the engine (of ``project``), live runs' included."""
    client = engine()
    where = os.environ.get("DOCKER_HOST") or DEFAULT_SOCKET
    labels = [f"{LABEL_MANAGED}=true"]
    if project is not None:
        labels.append(f"{LABEL_PROJECT_ID}={project}")
    found = client.containers.list(all=True, sparse=True, filters={"label": labels})
    return [Orphan("container", c.attrs["Names"][0].lstrip("/"),
                   c.attrs["Labels"].get(LABEL_OWNER, ""), where,
                   functools.partial(_force_remove, client, c.id))
            for c in found]


def _force_remove(client: Any, container_id: str) -> None:
    from docker.errors import NotFound

    with contextlib.suppress(NotFound):
        client.api.remove_container(container_id, force=True, v=True)


def fill_own(template: str, values: Mapping[str, object]) -> str:
    """Replace the service's own ``{url}``, ``{port.8080}`` …; leave other placeholders."""
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(values[name]) if name in values else match.group(0)

    return _PLACEHOLDER.sub(replace, template)


def _fill_command(command: str | list[str] | None, ctx: StartContext) -> str | list[str] | None:
    if isinstance(command, list):
        return [ctx.fill(part, f"{ctx.key}.command[{i}]") or "" for i, part in enumerate(command)]
    return ctx.fill(command, f"{ctx.key}.command", shell=True)  # Docker shlex-splits a string


def _create(client: Any, spec: DockerService, ctx: StartContext,
            command: str | list[str] | None, env: dict[str, str]) -> Any:
    from docker.errors import DockerException

    ports = {f"{inner}/tcp": (spec.host, None if outer == "auto" else outer)
             for inner, outer in spec.ports.items()}
    try:
        return client.containers.create(spec.image, command=command, name=ctx.resource_name(),
                                        labels=owned_labels(ctx), environment=env, ports=ports)
    except DockerException as exc:
        raise InfrastructureError(f"{ctx.key}: could not create a container of {spec.image!r}: "
                                  f"{getattr(exc, 'explanation', None) or exc}") from None


def _start(container: Any, spec: DockerService, ctx: StartContext) -> None:
    from docker.errors import DockerException

    try:
        container.start()
    except DockerException as exc:
        detail = str(getattr(exc, "explanation", None) or exc)
        taken = [(inner, outer) for inner, outer in spec.ports.items() if outer != "auto"]
        if taken and any(text in detail for text in _PORT_TAKEN):
            raise _port_taken(ctx, *taken[0], spec.host, detail) from None
        raise InfrastructureError(f"{ctx.key}: container {container.name} did not start: "
                                  f"{detail}") from None


def _port_taken(ctx: StartContext, inner: int, outer: int, host: str,
                detail: str = "") -> InfrastructureError:
    return InfrastructureError(
        f"{ctx.key}.ports.{inner}: port {outer} on {host} is already in use"
        f"{f' ({detail})' if detail else ''}; stop whatever holds it or set `{inner}: auto`")


def _wait_healthy(service: RunningContainer, spec: DockerService, ctx: StartContext) -> None:
    container = service.container

    def exit_code() -> int | None:
        container.reload()
        running = container.status not in ("exited", "dead")
        return None if running else int(container.attrs["State"]["ExitCode"])

    def why() -> str:
        return f"its container {container.name} exited with code {exit_code()}"

    check = spec.health_check
    if check is not None:
        own = {k: str(v) for k, v in service.values.items()}
        check = check.model_copy(update={"url": check.url and fill_own(check.url, own),
                                         "command": check.command and fill_own(check.command, own)})
    wait_healthy(check, ctx, spec.startup_timeout, exit_code, why)
    if check is None and service.ports:
        inner, outer = next(iter(service.ports.items()))
        own_address = container.attrs["NetworkSettings"].get("IPAddress")
        target = (own_address, inner) if own_address else (service.host, outer)
        _wait_accepting(target, ctx, spec.startup_timeout, exit_code, why)


def _wait_accepting(address: tuple[str, int], ctx: StartContext, timeout: float,
                    exit_code: Callable[[], int | None], why: Callable[[], str]) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if exit_code() is not None:
            raise ServiceStartError(ctx.service, why())
        try:
            socket.create_connection(address, timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise ServiceStartError(ctx.service, f"nothing accepted connections on "
                                        f"{address[0]}:{address[1]} within {timeout:g} s") from None
            time.sleep(0.1)
