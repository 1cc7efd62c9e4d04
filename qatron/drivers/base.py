"""What every service driver gives the environment: template values, a log, a way to stop.

A driver is a function ``start(spec, ctx) -> Started``. It either returns a
started, healthy service or raises after undoing whatever it created: the
environment then stops the services started before it, last first.

Everything a driver creates outside the run's folder (a database, a
container, a bucket) carries the run's *owner* — ``host:pid`` of the
process that provisions it — in its name, labels, tags or comment, so that
``qatron env gc`` can find what a crashed run left behind.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from qatron.config import Project
from qatron.processes import owner, project_mark

PREFIX = "qatron"
LABEL_MANAGED = "qatron.managed"
LABEL_OWNER = "qatron.owner"
LABEL_PROJECT = "qatron.project"
LABEL_RUN = "qatron.run"
LABEL_SERVICE = "qatron.service"
LABEL_CREATED = "qatron.created"


class Fill(Protocol):
    """Fills ``{placeholders}`` of a template found at ``key``; ``shell``: quoted for sh."""

    def __call__(self, template: str | None, key: str, *, shell: bool = False) -> str | None: ...


@dataclass
class StartContext:
    """What a driver needs besides its spec."""

    project: Project
    environment: str
    service: str
    run_tag: str  # unique per run: names databases, containers and buckets
    run_dir: Path
    log_path: Path
    fill: Fill  # own values included
    owner: str = field(default_factory=owner)

    @property
    def key(self) -> str:
        """The service's key in qatron.yml, for messages."""
        return f"environments.{self.environment}.services.{self.service}"

    @property
    def project_mark(self) -> str:
        """What marks the processes it starts as this project's (``QATRON_PROJECT``)."""
        return project_mark(self.project.root)

    def labels(self) -> dict[str, str]:
        """Labels/tags for what the driver creates."""
        return {LABEL_MANAGED: "true", LABEL_OWNER: self.owner, LABEL_PROJECT: self.project.name,
                LABEL_RUN: self.run_tag, LABEL_SERVICE: self.service,
                LABEL_CREATED: str(int(time.time()))}

    def resource_name(self, separator: str = "-", limit: int = 63) -> str:
        """``qatron-<run tag>-<service>``, made of safe characters, at most ``limit`` long."""
        raw = separator.join([PREFIX, self.run_tag, self.service]).lower()
        safe = re.sub(r"[^a-z0-9]+", separator, raw).strip(separator)
        return safe[:limit].rstrip(separator)

    def log(self, line: str) -> None:
        """Append a line to the service's log."""
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("a", encoding="utf-8") as out:
            out.write(f"{time.strftime('%H:%M:%S')} {line}\n")


class Started(ABC):
    """A service that is up: its template values, its log and how to stop it."""

    name: str
    log_path: Path

    @property
    @abstractmethod
    def values(self) -> dict[str, object]:
        """Template values (``{name.url}`` …) and what the ``environment`` fixture shows."""

    @abstractmethod
    def stop(self) -> None:
        """Stop and remove whatever was created; safe to call twice."""


Driver = Callable[..., Started]


@dataclass
class Orphan:
    """Something a run created and did not remove (its owner process is gone)."""

    kind: str  # "container", "database", "bucket"
    name: str
    owner: str
    where: str  # the engine, server or endpoint holding it
    remove: Callable[[], None]
