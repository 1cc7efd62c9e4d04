"""record-coverage and select-tests on the calc git project."""

from __future__ import annotations

from pathlib import Path

from qatron.pytest_runner import Collection
from qatron.run import test_command as command_of
from qatron.store import ResultsStore
from tasks.selection import record_coverage, select_changed
from tests.projects import artifacts_of
from tests.tasks.calc import calc_project, covered_shard
from tests.tasks.conftest import OpenContext, in_flow


def test_the_coverage_of_a_run_is_stored_per_test_for_the_next_selection(
        tmp_path: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(calc_project(tmp_path / "calc"), "unit")
    command, collection, _ = covered_shard(ctx)

    files = record_coverage.fn(ctx, command, collection)

    with ResultsStore(ctx.database_url) as store:
        cmap = store.load_coverage_map("calc", "default")
    assert cmap is not None and files == len(cmap.files) > 0
    assert cmap.run_id == ctx.run_id
    assert cmap.tests == set(collection.nodeids)
    assert "calc/ops.py" in cmap.files


def test_a_run_without_coverage_data_records_nothing(tmp_path: Path,
                                                     open_ctx: OpenContext) -> None:
    project = calc_project(tmp_path / "calc")
    ctx = open_ctx(project, "unit")
    collection = Collection(nodeids=["tests/test_add.py::test_add"], markers={},
                            rootdir=project, errors=[])

    assert record_coverage.fn(ctx, command_of(ctx), collection) == 0

    with ResultsStore(ctx.database_url) as store:
        assert store.load_coverage_map("calc", "default") is None


def test_only_the_tests_a_change_reaches_are_selected_and_shown_as_an_artifact(
        tmp_path: Path, open_ctx: OpenContext, prefect_api_url: str) -> None:
    project = calc_project(tmp_path / "calc", suite="changed-only")
    first = open_ctx(project, "changed-only")
    command, collection, _ = covered_shard(first)
    record_coverage.fn(first, command, collection)
    ops = project / "calc" / "ops.py"
    ops.write_text(ops.read_text().replace("return a / b", "return a / b * 1"))
    ctx = open_ctx(project, "changed-only")

    selection, flow_run = in_flow(lambda: select_changed.fn(ctx, command, collection, "HEAD"))

    assert selection.nodeids() == ["tests/test_div.py::test_div"]
    assert (selection.total, selection.skipped) == (3, 2)
    assert [change.path for change in selection.changed] == ["calc/ops.py"]
    [artifact] = artifacts_of(flow_run)
    assert artifact.key == "qatron-changed-only-local-selection"
    assert artifact.description == f"tests selected for run {ctx.run_id}"
    assert "1 of 3 tests selected" in artifact.data and "test_div" in artifact.data
