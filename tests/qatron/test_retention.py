"""Old runs' folders are removed; their results, recent runs and running runs are kept."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qatron.config import load_project
from qatron.models import RunStatus
from qatron.options import RunOptions
from qatron.retention import clean_run_folders
from qatron.run import open_run
from qatron.store import ResultsStore, default_database_url
from tests.projects import write_project

LATER = datetime.now(UTC) + timedelta(days=31)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "p", """
        project: p
        suites: {all: {}}
    """, {"tests/test_a.py": "def test_a():\n    pass\n"})


def ended_run(project: Path, status: RunStatus | None) -> tuple[int, Path]:
    ctx = open_run(project, RunOptions("all", "local"))
    (ctx.run_dir / "report.html").write_text("x" * 1000)
    if status is not None:
        with ctx.store() as store:
            store.set_status(ctx.run_id, RunStatus.RUNNING)
            store.set_status(ctx.run_id, status, "done")
    return ctx.run_id, ctx.run_dir


def test_runs_ended_before_the_retention_lose_their_folder_but_keep_their_results(
    project: Path
) -> None:
    old, old_dir = ended_run(project, RunStatus.COMPLETED)
    running, running_dir = ended_run(project, None)
    loaded = load_project(project)
    with ResultsStore(default_database_url(project)) as store:
        kept = clean_run_folders(loaded, store, retention_days=30)  # nothing is 30 days old
        assert kept.runs == [] and old_dir.exists()

        cleaned = clean_run_folders(loaded, store, retention_days=30, now=LATER)
        assert cleaned.runs == [old]
        assert cleaned.bytes_freed >= 1000
        assert not old_dir.exists() and running_dir.exists()
        assert store.get_run(old).folder_removed_at is not None
        assert store.get_run(old).status is RunStatus.COMPLETED  # the record stays

        again = clean_run_folders(loaded, store, retention_days=30, now=LATER)
        assert again.runs == []  # done once


def test_a_dry_run_removes_nothing(project: Path) -> None:
    run_id, run_dir = ended_run(project, RunStatus.FAILED)
    with ResultsStore(default_database_url(project)) as store:
        dry = clean_run_folders(load_project(project), store, 30, dry_run=True, now=LATER)
        assert dry.runs == [run_id] and dry.dry_run
        assert "would remove the files of 1 run(s)" in dry.summary()
        assert run_dir.exists() and store.get_run(run_id).folder_removed_at is None


def test_a_run_folder_outside_the_project_state_is_never_removed(
    project: Path, tmp_path: Path
) -> None:
    run_id, _ = ended_run(project, RunStatus.COMPLETED)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    with ResultsStore(default_database_url(project)) as store:
        store.update_run(run_id, run_dir=str(elsewhere))
        cleaned = clean_run_folders(load_project(project), store, 30, now=LATER)
    assert cleaned.runs == [run_id] and elsewhere.exists()
