"""Line and branch coverage per run and layer in the results store, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text

from qatron.coverage_summary import CoverageSummary
from qatron.store import ResultsStore, StoreError
from qatron.store.engine import alembic_config, open_engine


def summary(covered: int, statements: int = 100, layer: str = "unit",
            files: dict[str, tuple[int, int]] | None = None) -> CoverageSummary:
    return CoverageSummary(layer=layer, covered=covered, statements=statements,
                           files=files or {"shop/money.py": (covered, statements)},
                           threshold=90.0)


def test_round_trip(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "unit", "local")
    assert store.run_coverage(run_id) == []
    saved = summary(724, 1000, files={"shop/money.py": (700, 900), "shop/cards.py": (24, 100),
                                      "shop/__init__.py": (0, 0)})
    store.save_run_coverage(run_id, saved)

    [loaded] = store.run_coverage(run_id)
    assert (loaded.layer, loaded.covered, loaded.statements, loaded.threshold) == (
        "unit", 724, 1000, 90.0)
    assert loaded.percent == pytest.approx(72.4)
    assert loaded.files == saved.files
    assert loaded.run_id == run_id and loaded.created_at is not None
    assert loaded.shortfall() == "coverage 72.4% is below the unit threshold 90.0%"


def test_saving_again_replaces_the_layer_of_that_run(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "unit", "local")
    store.save_run_coverage(run_id, summary(50))
    store.save_run_coverage(run_id, summary(80))  # a resumed run totals its coverage again
    store.save_run_coverage(run_id, summary(30, layer="e2e"))
    assert [(s.layer, s.covered) for s in store.run_coverage(run_id)] == [("e2e", 30),
                                                                          ("unit", 80)]


def test_history_of_a_layer_newest_first(store: ResultsStore) -> None:
    for covered in (60, 70, 80):
        store.save_run_coverage(store.create_run("shop", "unit", "local"), summary(covered))
    store.save_run_coverage(store.create_run("shop", "e2e", "local"), summary(10, layer="e2e"))
    store.save_run_coverage(store.create_run("bank", "unit", "local"), summary(99))
    store.create_run("shop", "unit", "local")  # no coverage: not in the history

    assert [s.covered for s in store.coverage_history("shop", "unit")] == [80, 70, 60]
    assert [s.covered for s in store.coverage_history("shop", "unit", last=2)] == [80, 70]
    assert [s.covered for s in store.coverage_history("shop", "e2e")] == [10]
    assert store.coverage_history("shop", "contract") == []


def test_coverage_of_an_unknown_run_is_refused(store: ResultsStore) -> None:
    with pytest.raises(StoreError, match="run 42 does not exist"):
        store.save_run_coverage(42, summary(1))


def test_a_store_at_0003_is_upgraded_and_keeps_its_runs(url: str) -> None:
    from alembic import command

    engine, _ = open_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "0003")
            connection.execute(text(
                "insert into runs (project, suite, environment, status, created_at, params, meta)"
                " values ('shop', 'unit', 'local', 'completed', '2026-11-22 10:00:00+00:00',"
                " '{}', '{}')"))
    finally:
        engine.dispose()
    with ResultsStore(url) as upgraded:
        upgraded.save_run_coverage(1, summary(95))
        assert [s.covered for s in upgraded.coverage_history("shop", "unit")] == [95]


def test_branch_counts_round_trip_and_stay_absent_when_not_measured(
        store: ResultsStore) -> None:
    run_id = store.create_run("shop", "unit", "local")
    store.save_run_coverage(run_id, CoverageSummary("unit", 6, 11, branches=8,
                                                    covered_branches=3))
    store.save_run_coverage(run_id, CoverageSummary("e2e", 6, 11))
    e2e, unit = store.run_coverage(run_id)
    assert (unit.branches, unit.covered_branches, unit.branch_percent) == (8, 3, 37.5)
    assert (e2e.branches, e2e.covered_branches, e2e.branch_percent) == (None, None, None)


def test_a_store_at_0012_gains_branch_columns_and_keeps_its_coverage(url: str) -> None:
    from alembic import command

    engine, _ = open_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            command.upgrade(config, "0012")
            connection.execute(text(
                "insert into runs (project, suite, environment, status, created_at, params, meta)"
                " values ('shop', 'unit', 'local', 'completed', '2026-11-22 10:00:00+00:00',"
                " '{}', '{}')"))
            connection.execute(text(
                "insert into run_coverage (run_id, layer, percent, covered, statements,"
                " threshold, files, created_at) values (1, 'unit', 50.0, 5, 10, null, '{}',"
                " '2026-11-22 10:00:00+00:00')"))
    finally:
        engine.dispose()
    with ResultsStore(url) as upgraded:  # opening migrates to the newest revision
        [before] = upgraded.run_coverage(1)
        assert (before.covered, before.statements, before.branches) == (5, 10, None)
        upgraded.save_run_coverage(1, CoverageSummary("unit", 6, 10, branches=4,
                                                      covered_branches=4))
        [after] = upgraded.coverage_history("shop", "unit")
        assert (after.covered, after.branches, after.branch_percent) == (6, 4, 100.0)


def test_deleting_a_run_deletes_its_coverage(store: ResultsStore, url: str) -> None:
    run_id = store.create_run("shop", "unit", "local")
    store.save_run_coverage(run_id, CoverageSummary(
        "unit", 1, 2, created_at=datetime(2026, 1, 2, tzinfo=UTC)))
    assert store.run_coverage(run_id)[0].created_at == datetime(2026, 1, 2, tzinfo=UTC)
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.execute(text("delete from runs where id = :id"), {"id": run_id})
    finally:
        engine.dispose()
    assert store.run_coverage(run_id) == []
