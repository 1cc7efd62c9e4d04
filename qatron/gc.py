"""Find and remove what crashed runs left behind: containers, databases, buckets, processes.

Every driver labels what it creates with its owner (``host:pid``) and its
project (:data:`LABEL_PROJECT_ID`, a digest of the project's folder, as
``QATRON_PROJECT`` marks processes). A resource whose owner process is gone
on this host is an orphan: its run crashed before teardown. Where to look
comes from the project's qatron.yml (every environment's PostgreSQL servers
and S3 endpoints) and the local Docker engine. A project's sweep takes only
its own orphans (containers, databases, buckets and processes); those of
every project only without a project, and with ``everything`` every QAtron
resource, live runs' included.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from qatron.config import DockerService, PostgresService, Project, S3Service
from qatron.drivers.base import LABEL_MANAGED, LABEL_OWNER, Orphan, StartContext
from qatron.errors import QatronError
from qatron.processes import owner_gone, project_mark

#: Label/tag naming the project a container, database or bucket belongs to.
LABEL_PROJECT_ID = "qatron.project.id"
_TEMPLATE = re.compile(r"\{[^}]+\}")


def project_id(root: Path) -> str:
    """The :data:`LABEL_PROJECT_ID` of the project in folder ``root``.

    A digest of its folder: two projects of the same name are told apart, and
    the value is safe as an S3 tag of any length.
    """
    return hashlib.sha256(project_mark(root).encode()).hexdigest()[:16]


def owned_labels(ctx: StartContext) -> dict[str, str]:
    """The labels of what a driver creates: the run's, and its project's id."""
    return {**ctx.labels(), LABEL_PROJECT_ID: project_id(ctx.project.root)}


def swept(labels: Mapping[str, str], project: str | None, everything: bool) -> bool:
    """Whether a resource labelled ``labels`` is taken by a sweep.

    ``everything``: any QAtron resource. Otherwise one whose owner is gone and,
    given a ``project`` (its :func:`project_id`), that is that project's.
    """
    if labels.get(LABEL_MANAGED) != "true":
        return False
    if everything:
        return True
    mine = project is None or labels.get(LABEL_PROJECT_ID) == project
    return mine and owner_gone(labels.get(LABEL_OWNER, ""))


@dataclass
class Sweep:
    """Orphans found, and the places that could not be searched (with why)."""

    orphans: list[Orphan] = field(default_factory=list)
    unreachable: list[str] = field(default_factory=list)


def find_orphans(project: Project | None, *, everything: bool = False) -> Sweep:
    """Orphans of ``project``'s environments (and the local Docker engine's)."""
    sweep = Sweep()
    for where, finder in _places(project, everything):
        try:
            sweep.orphans.extend(finder())
        except QatronError as exc:
            sweep.unreachable.append(f"{where}: {exc}")
        except Exception as exc:  # noqa: BLE001 - an unreachable server must not stop the sweep
            sweep.unreachable.append(f"{where}: {type(exc).__name__}: {exc}")
    return sweep


def remove_orphans(project: Project, log: Callable[[str], object]) -> list[Orphan]:
    """Remove what crashed runs of ``project`` left behind; say so through ``log``.

    Runs before each provisioning, so a crash is cleaned up by the next run
    even if nobody calls ``qatron env gc``. Failures are logged, never raised.
    """
    removed = []
    for orphan in find_orphans(project).orphans:
        try:
            orphan.remove()
        except Exception as exc:  # noqa: BLE001 - a sweep must not stop the run
            log(f"could not remove {orphan.kind} {orphan.name} left by a crashed run: {exc}")
            continue
        removed.append(orphan)
        log(f"removed {orphan.kind} {orphan.name} left by a crashed run ({orphan.owner})")
    return removed


def _places(project: Project | None,
            everything: bool) -> list[tuple[str, Callable[[], list[Orphan]]]]:
    from qatron.drivers import postgres, s3

    places: list[tuple[str, Callable[[], list[Orphan]]]] = []
    servers: set[str] = set()
    endpoints: set[tuple[str | None, str]] = set()
    uses_docker = project is None
    specs = [spec for env in (project.config.environments.values() if project else [])
             for spec in env.services.values()]
    for spec in specs:
        if isinstance(spec, PostgresService):
            url = spec.server or os.environ.get(postgres.SERVER_VAR)
            if url and not _TEMPLATE.search(url):
                servers.add(url)
        elif isinstance(spec, S3Service) and not _TEMPLATE.search(spec.endpoint_url or ""):
            endpoints.add((spec.endpoint_url, spec.region))
        elif isinstance(spec, DockerService):
            uses_docker = True
    if os.environ.get(postgres.SERVER_VAR):
        servers.add(os.environ[postgres.SERVER_VAR])
    owned = project_id(project.root) if project is not None and not everything else None
    for url in sorted(servers):
        server = postgres.Server.parse(url, "server")
        places.append((f"PostgreSQL {server.shown}", partial(
            postgres.find_orphans, url, project=owned, everything=everything)))
    for endpoint_url, region in sorted(endpoints, key=str):
        endpoint = s3.Endpoint(endpoint_url=endpoint_url, region=region)
        places.append((f"S3 {endpoint.shown}", partial(
            s3.find_orphans, endpoint, project=owned, everything=everything)))
    if uses_docker:
        places.append(("Docker engine", lambda: _docker_orphans(owned, everything)))
    mine = project_mark(project.root) if project is not None and not everything else None
    places.append(("processes on this host", lambda: _process_orphans(mine)))
    return places


def _process_orphans(project: str | None) -> list[Orphan]:
    """Process groups QAtron started for ``project`` (None: any) whose owner died."""
    from qatron.processes import kill_group, orphan_groups

    return [Orphan("process group", str(pgid), who, "this host",
                   partial(kill_group, pgid))
            for pgid, who in orphan_groups(project).items()]


def _docker_orphans(project: str | None, everything: bool) -> list[Orphan]:
    from qatron.drivers import docker

    return docker.all_managed() if everything else docker.find_orphans(project)
