"""A run's journeys in the results store (``journey_steps``, migration 0007), on SQLite and
PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, inspect, text

from qatron.journeys.models import JourneyResult, StepResult, StepStatus
from qatron.store import ResultsStore, StoreError
from qatron.store.engine import alembic_config, open_engine

LOGIN, PAY, CONFIRM = ("user-service.test_login", "payment-service.test_create_payment",
                       "web-frontend.confirmation")


def checkout(payment_status: StepStatus = StepStatus.FAILED) -> JourneyResult:
    """A journey whose login passed, payment ended ``payment_status`` and confirmation
    was skipped."""
    return JourneyResult("checkout", [
        StepResult("checkout", LOGIN, "user-service", "journeys/test_users.py::test_login",
                   StepStatus.PASSED, outputs={"token": "***", "user": {"id": 7}},
                   secrets=["token"], attempts=1, started_at=1_000.25, finished_at=1_001.5),
        StepResult("checkout", PAY, "payment-service",
                   "journeys/test_payments.py::test_create_payment", payment_status,
                   reason="assert 402 == 201", needs=[LOGIN],
                   inputs={"headers": {"Authorization": "***"}}, attempts=2,
                   started_at=1_001.5, finished_at=1_004.0, traceback="E assert 402 == 201",
                   output_tail="POST /payments 402"),
        StepResult("checkout", CONFIRM, "web-frontend", "test/confirmation.test.mjs",
                   StepStatus.SKIPPED, reason=f"skipped: {PAY} failed", needs=[PAY]),
    ])


def test_a_journey_round_trips(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "journeys", "local")
    assert store.journeys(run_id) == []
    saved = checkout()
    store.save_journey(run_id, saved)

    assert store.journeys(run_id) == [saved]  # every field, steps in planned order


def test_load_summary_carries_the_journeys(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "journeys", "local")
    store.save_journey(run_id, checkout())
    store.save_journey(run_id, JourneyResult("a-refund", [StepResult(
        "a-refund", "payment-service.test_refund", "payment-service", "t::test_refund",
        StepStatus.DOWN, reason="payment-service is down: connection refused")]))

    summary = store.load_summary(run_id)
    assert summary is not None
    assert [j.name for j in summary.journeys] == ["a-refund", "checkout"]
    assert [s.status for s in summary.journeys[1].steps] == [
        StepStatus.PASSED, StepStatus.FAILED, StepStatus.SKIPPED]
    other = store.create_run("shop", "journeys", "local")
    assert store.load_summary(other).journeys == []  # type: ignore[union-attr]


def test_saving_a_journey_again_replaces_its_steps_only(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "journeys", "local")
    other_run = store.create_run("shop", "journeys", "local")
    store.save_journey(run_id, checkout(StepStatus.FAILED))
    store.save_journey(other_run, checkout(StepStatus.FAILED))
    store.save_journey(run_id, JourneyResult("refund", [StepResult(
        "refund", "payment-service.test_refund", "payment-service", "t::test_refund",
        StepStatus.PASSED)]))
    retried = checkout(StepStatus.PASSED)
    retried.steps = retried.steps[:2]  # the retried save has fewer steps
    store.save_journey(run_id, retried)

    by_name = {j.name: j for j in store.journeys(run_id)}
    assert [s.step for s in by_name["checkout"].steps] == [LOGIN, PAY]
    assert by_name["checkout"].steps[1].status is StepStatus.PASSED
    assert [s.step for s in by_name["refund"].steps] == ["payment-service.test_refund"]
    [untouched] = store.journeys(other_run)
    assert [s.status for s in untouched.steps] == [
        StepStatus.PASSED, StepStatus.FAILED, StepStatus.SKIPPED]


def test_a_journey_of_an_unknown_run_is_refused(store: ResultsStore) -> None:
    with pytest.raises(StoreError, match="run 42 does not exist: cannot record its journey "
                                         "checkout"):
        store.save_journey(42, checkout())


def test_deleting_a_run_deletes_its_journey_steps(store: ResultsStore, url: str) -> None:
    run_id = store.create_run("shop", "journeys", "local")
    store.save_journey(run_id, checkout())
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "sqlite":
                connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.execute(text("delete from runs where id = :id"), {"id": run_id})
            left = connection.execute(text("select count(*) from journey_steps")).scalar()
    finally:
        engine.dispose()
    assert left == 0


def _migrate(url: str, revision: str, *statements: str, down: bool = False) -> None:
    """Upgrade (or downgrade) the database to ``revision``, then run ``statements``."""
    from alembic import command

    engine, _ = open_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config(url)
            config.attributes["connection"] = connection
            (command.downgrade if down else command.upgrade)(config, revision)
            for statement in statements:
                connection.execute(text(statement))
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine, _ = open_engine(url)
    try:
        with engine.connect() as connection:
            return set(inspect(connection).get_table_names())
    finally:
        engine.dispose()


def test_0007_upgrades_a_store_at_0006_and_keeps_its_runs(url: str) -> None:
    _migrate(url, "0006", "insert into runs (project, suite, environment, status, created_at, "
             "params, meta) values ('shop', 'unit', 'local', 'completed', "
             "'2026-12-01 10:00:00+00:00', '{}', '{}')")
    assert "journey_steps" not in _tables(url)
    with ResultsStore(url) as store:  # opening migrates to the newest revision
        [run] = store.list_runs()
        store.save_journey(run.id, checkout())
        assert [j.name for j in store.journeys(run.id)] == ["checkout"]


def test_0007_downgrade_drops_the_table(url: str) -> None:
    ResultsStore(url).close()
    assert "journey_steps" in _tables(url)
    _migrate(url, "0006", down=True)
    assert "journey_steps" not in _tables(url)
