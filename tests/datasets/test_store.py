"""Dataset validations in the results store, on SQLite and PostgreSQL (no GX needed)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from qatron.datasets import DatasetReport, ExpectationOutcome
from qatron.errors import StoreError
from qatron.store import ResultsStore

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
NOON = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ResultsStore]:
    url = (f"sqlite:///{tmp_path}/results.db" if request.param == "sqlite"
           else request.getfixturevalue("fresh_postgres_url"))
    with ResultsStore(url) as opened:
        yield opened


def report(dataset: str, *, bad: int, at: datetime) -> DatasetReport:
    results = [
        ExpectationOutcome("expect_column_values_to_be_between",
                           {"column": "age", "min_value": 18, "max_value": 90}, bad == 0,
                           unexpected_count=bad, unexpected_percent=bad * 10.0,
                           sample=[12, 130][:bad]),
        ExpectationOutcome("expect_table_row_count_to_be_between", {"min_value": 1}, True,
                           observed_value=10),
    ]
    return DatasetReport.of(dataset, results, rows=10, content_hash="ab" * 32, duration=0.25,
                            validated_at=at)


def test_validations_round_trip_newest_first(store: ResultsStore) -> None:
    first = report("users", bad=2, at=NOON)
    second = report("users", bad=0, at=NOON + timedelta(hours=1))
    ids = [store.save_validation("shop", first), store.save_validation("shop", second),
           store.save_validation("shop", report("orders", bad=1, at=NOON)),
           store.save_validation("other", report("users", bad=1, at=NOON))]

    loaded = store.validations("shop", "users")

    assert len(set(ids)) == 4
    assert loaded == [second, first]
    assert loaded[1].failed_outcomes[0].sample == [12, 130]
    assert loaded[1].summary() == ("users: 1 of 2 expectations failed (expect_column_values_"
                                   "to_be_between age: 2 unexpected, e.g. 12, 130)")
    assert store.validations("shop", "users", limit=1) == [second]
    assert store.validations("shop", "nothing") == []


def test_a_validation_belongs_to_an_existing_run(store: ResultsStore) -> None:
    run_id = store.create_run("shop", "smoke", "local")

    store.save_validation("shop", report("users", bad=0, at=NOON), run_id=run_id)

    assert store.validations("shop", "users")[0].run_id == run_id
    with pytest.raises(StoreError, match="run 999 does not exist: cannot record a validation "
                                         "of dataset 'users' for it"):
        store.save_validation("shop", report("users", bad=0, at=NOON), run_id=999)
