"""One stored run as the results store's readers return it (no SQLAlchemy needed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from qatron.models import RunStatus


@dataclass(frozen=True)
class RunRecord:
    """One stored run; ``counts`` is computed like :func:`qatron.models.count_outcomes`."""

    id: int
    project: str
    suite: str
    environment: str
    status: RunStatus
    branch: str | None
    commit: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    message: str | None
    run_dir: str | None
    flow_run_id: str | None
    params: dict[str, Any]
    counts: dict[str, int]
    #: The process running the run, {"host", "pid", "since"}; None before one claimed it.
    owner: dict[str, Any] | None = None
    #: The sharding mode its shards were planned by ("history", "queue"); None before.
    sharding: str | None = None
    #: When the clean-up removed the run's folder; None while it is there.
    folder_removed_at: datetime | None = None
