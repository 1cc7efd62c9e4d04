"""The clean-up flow's tasks: expired runs' folders removed (results kept), and the Prefect
artifacts of their flow runs deleted."""

from __future__ import annotations

from pathlib import Path

from prefect.artifacts import create_markdown_artifact

from flows.cleanup_artifacts import delete_run_artifacts, remove_run_folders
from qatron.models import RunStatus
from qatron.store import ResultsStore
from tests.projects import artifacts_of, write_project
from tests.tasks.conftest import OpenContext, in_flow


def test_the_folders_of_ended_runs_are_removed_once_and_running_ones_kept(
        tmp_path: Path, open_ctx: OpenContext) -> None:
    project = write_project(tmp_path / "p", "project: tidy\nsuites: {all: {}}\n",
                            {"tests/test_a.py": "def test_a():\n    pass\n"})
    ended, running = open_ctx(project, "all"), open_ctx(project, "all")
    for ctx in (ended, running):
        (ctx.run_dir / "report.html").write_text("x" * 1000)
    with ResultsStore(ended.database_url) as store:
        store.set_status(ended.run_id, RunStatus.COMPLETED)
        store.update_run(ended.run_id, flow_run_id="00000000-0000-0000-0000-000000000001")
        store.set_status(running.run_id, RunStatus.RUNNING)

    dry = remove_run_folders.fn(str(project), 0, True)
    assert (dry.runs, dry.bytes_freed, dry.dry_run) == ([ended.run_id], 1000, True)
    assert dry.flow_run_ids == ["00000000-0000-0000-0000-000000000001"]
    assert (ended.run_dir / "report.html").exists()

    done = remove_run_folders.fn(str(project), 0, False)
    assert (done.runs, done.bytes_freed) == ([ended.run_id], 1000)
    assert not ended.run_dir.exists() and (running.run_dir / "report.html").exists()
    assert remove_run_folders.fn(str(project), 0, False).runs == []  # marked: not again
    with ResultsStore(ended.database_url) as store:
        assert store.get_run(ended.run_id).status is RunStatus.COMPLETED  # results stay


def test_a_flow_runs_artifacts_are_counted_dry_and_then_deleted(prefect_api_url: str) -> None:
    def publish() -> None:
        for kind in ("summary", "failures"):
            create_markdown_artifact(key=f"qatron-tidy-{kind}", markdown=f"# {kind}")

    _, flow_run = in_flow(publish)
    assert len(artifacts_of(flow_run)) == 2

    assert delete_run_artifacts.fn([str(flow_run)], True) == 2
    assert len(artifacts_of(flow_run)) == 2
    assert delete_run_artifacts.fn([str(flow_run)], False) == 2
    assert artifacts_of(flow_run) == []


def test_no_flow_runs_no_artifacts_to_delete() -> None:
    assert delete_run_artifacts.fn([], False) == 0
