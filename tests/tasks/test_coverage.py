"""summarise-coverage: a run's line coverage from its shard's coverage.py data, stored."""

from __future__ import annotations

from pathlib import Path

from qatron.run import test_command as command_of
from qatron.store import ResultsStore
from tasks.coverage import COMBINED, summarise_coverage
from tests.tasks.calc import THRESHOLD, calc_project, covered_shard
from tests.tasks.conftest import OpenContext


def test_the_shards_coverage_is_totalled_for_the_layer_and_stored(
        tmp_path: Path, open_ctx: OpenContext) -> None:
    ctx = open_ctx(calc_project(tmp_path / "calc"), "unit")
    command, _, shard = covered_shard(ctx)
    assert shard.status.value == "passed", shard.message

    summary = summarise_coverage.fn(ctx, command)

    assert summary is not None
    assert (summary.layer, summary.covered, summary.statements) == ("unit", 6, 11)
    assert summary.threshold == THRESHOLD and round(summary.percent, 1) == 54.5
    assert summary.files == {"calc/__init__.py": (0, 0), "calc/ops.py": (6, 9),
                             "calc/report.py": (0, 2)}
    assert (ctx.run_dir / COMBINED).exists()
    with ResultsStore(ctx.database_url) as store:
        [stored] = store.run_coverage(ctx.run_id)
    assert (stored.layer, stored.covered, stored.statements) == ("unit", 6, 11)


def test_a_run_without_coverage_data_totals_nothing(tmp_path: Path,
                                                    open_ctx: OpenContext) -> None:
    ctx = open_ctx(calc_project(tmp_path / "calc"), "unit")

    assert summarise_coverage.fn(ctx, command_of(ctx)) is None

    with ResultsStore(ctx.database_url) as store:
        assert store.run_coverage(ctx.run_id) == []
