"""write-allure-results: a run's Allure results in its folder; a failure only logged."""

from __future__ import annotations

import json
from pathlib import Path

from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from tasks.allure import write_allure_results
from tests.projects import write_project
from tests.tasks.conftest import OpenContext


def _summary(run_id: int, run_dir: Path) -> RunSummary:
    result = TestResult("tests/test_a.py::test_a[x]", Outcome.FAILED, duration=0.5,
                        started_at=1_763_800_000.0, message="AssertionError: no",
                        traceback="E   AssertionError: no\ntests/test_a.py:3: AssertionError",
                        scenario={"feature": "features/cart.feature", "name": "Empty cart"})
    shard = ShardResult(1, 1, ShardStatus.FAILED, results=[result])
    return RunSummary(run_id, "tiny", "all", "local", RunStatus.FAILED, shards=[shard],
                      branch="main", commit="abc123", run_dir=str(run_dir))


def test_writes_the_results_in_the_run_folder(tmp_path: Path, open_ctx: OpenContext) -> None:
    project = write_project(tmp_path / "p", "project: tiny\nsuites: {all: {}}\n", {})
    ctx = open_ctx(project, "all")

    out = write_allure_results.fn(ctx, _summary(ctx.run_id, ctx.run_dir))

    assert out == ctx.run_dir / "allure-results"
    [path] = out.glob("*-result.json")
    result = json.loads(path.read_text())
    assert result["status"] == "failed" and result["parameters"] == [{"name": "id",
                                                                      "value": "x"}]
    labels = {(label["name"], label["value"]) for label in result["labels"]}
    assert {("feature", "features/cart.feature"), ("story", "Empty cart")} <= labels
    assert "branch=main\ncommit=abc123\n" in (out / "environment.properties").read_text()


def test_an_export_that_fails_is_logged_and_keeps_the_run(tmp_path: Path,
                                                          open_ctx: OpenContext) -> None:
    project = write_project(tmp_path / "p", "project: tiny\nsuites: {all: {}}\n", {})
    ctx = open_ctx(project, "all")
    (ctx.run_dir / "allure-results").write_text("not a folder")

    assert write_allure_results.fn(ctx, _summary(ctx.run_id, ctx.run_dir)) is None
    assert (ctx.run_dir / "allure-results").read_text() == "not a folder"
    with ctx.store() as store:
        assert store.get_run(ctx.run_id) is not None
