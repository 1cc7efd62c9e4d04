"""Remove the files of old runs; keep their results.

A run's folder (``.qatron/runs/<id>``: HTML report, JUnit XML, logs, coverage
data) grows with every run. Once a run ended more than ``retention_days`` ago
its folder is removed and the run is marked so; its results stay in the store,
so history, flakiness and durations are untouched:

    >>> cleaned = clean_run_folders(project, store, retention_days=30)
    >>> cleaned.runs, cleaned.bytes_freed
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from qatron.config import Project
from qatron.store import ResultsStore, RunRecord


@dataclass
class Cleanup:
    """What a clean-up removed (or, dry, would remove)."""

    runs: list[int] = field(default_factory=list)
    bytes_freed: int = 0
    flow_run_ids: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would remove" if self.dry_run else "removed"
        return (f"{verb} the files of {len(self.runs)} run(s), "
                f"{self.bytes_freed / 1e6:.1f} MB")


def expired_runs(project: Project, store: ResultsStore, retention_days: int,
                 now: datetime | None = None) -> list[RunRecord]:
    """The project's runs that ended over ``retention_days`` ago and still have files."""
    return [run for run in store.ended_before(project.name, cutoff(retention_days, now))
            if run.folder_removed_at is None]


def cutoff(retention_days: int, now: datetime | None = None) -> datetime:
    """Runs that ended before this moment have expired (their folders and S3 files go)."""
    return (now or datetime.now(UTC)) - timedelta(days=retention_days)


def clean_run_folders(project: Project, store: ResultsStore, retention_days: int,
                      dry_run: bool = False, now: datetime | None = None) -> Cleanup:
    """Remove expired runs' folders inside the project's state folder and mark the runs."""
    cleanup = Cleanup(dry_run=dry_run)
    state = project.state_dir.resolve()
    for run in expired_runs(project, store, retention_days, now):
        folder = Path(run.run_dir).resolve() if run.run_dir else None
        if folder is not None and folder.is_relative_to(state) and folder != state:
            cleanup.bytes_freed += _size(folder)
            if not dry_run:
                shutil.rmtree(folder, ignore_errors=True)
        cleanup.runs.append(run.id)
        if run.flow_run_id:
            cleanup.flow_run_ids.append(run.flow_run_id)
        if not dry_run:
            store.mark_folder_removed(run.id)
    return cleanup


def _size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file()) \
        if folder.is_dir() else 0
