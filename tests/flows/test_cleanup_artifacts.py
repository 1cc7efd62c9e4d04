"""The cleanup-artifacts flow on a real Prefect server: old runs lose their files and
Prefect artifacts, recent runs keep theirs, every run keeps its results."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, update

from flows.cleanup_artifacts import cleanup_artifacts
from flows.run_suite import run_suite
from qatron.store import ResultsStore, default_database_url
from qatron.store.models import RunRow
from tests.projects import artifacts_of as artifacts
from tests.projects import write_project


def artifacts_of(flow_run_id: str) -> list[str]:
    return [artifact.key for artifact in artifacts(flow_run_id)]


def test_old_runs_lose_files_and_artifacts_recent_ones_keep_them(
        tmp_path: Path, prefect_api_url: str) -> None:
    project = write_project(tmp_path / "p", """
        project: tidy
        suites: {all: {}}
    """, {"tests/test_a.py": "def test_a():\n    assert 1 + 1 == 3\n"})
    for _ in range(2):
        run_suite(suite="all", project=str(project), return_state=True)
    url = default_database_url(project)
    with ResultsStore(url) as store:
        recent, old = store.list_runs()
    assert artifacts_of(old.flow_run_id) and artifacts_of(recent.flow_run_id)
    engine = create_engine(url)
    with engine.begin() as connection:  # the older run ended 40 days ago
        connection.execute(update(RunRow).where(RunRow.id == old.id).values(
            finished_at=datetime.now(UTC) - timedelta(days=40)))
    engine.dispose()

    dry = cleanup_artifacts(project=str(project), retention_days=30, dry_run=True,
                            return_state=True)
    assert "would remove the files of 1 run(s)" in dry.message
    assert Path(old.run_dir).exists() and artifacts_of(old.flow_run_id)

    state = cleanup_artifacts(project=str(project), retention_days=30, return_state=True)
    assert state.is_completed(), state.message
    assert "removed the files of 1 run(s)" in state.message
    assert not Path(old.run_dir).exists() and artifacts_of(old.flow_run_id) == []
    assert Path(recent.run_dir, "junit.xml").exists() and artifacts_of(recent.flow_run_id)
    with ResultsStore(url) as store:  # the results stay
        assert store.load_summary(old.id).counts()["failed"] == 1
