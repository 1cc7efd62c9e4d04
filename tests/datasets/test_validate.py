"""validate_dataset with real Great Expectations on CSV, Parquet, SQLite and PostgreSQL.

Great Expectations is imported once per test process (about ten seconds),
by the first test that validates.
"""

from __future__ import annotations

import json
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from qatron.config import load_project
from qatron.datasets import DatasetReport, ExpectationOutcome, refresh_dataset, validate_dataset
from qatron.errors import ConfigError, DatasetError
from qatron.processes import free_port
from tests.datasets import bad_frame, dedent, sha256, users_project

BAD_SUMMARY = (
    "{name}: 4 of 5 expectations failed ("
    "expect_column_values_to_not_be_null id: 1 unexpected, e.g. null; "
    "expect_column_values_to_be_unique email: 2 unexpected, e.g. 'bob@example.com'; "
    "expect_column_values_to_be_between age: 3 unexpected, e.g. 12, 130, 17; "
    "expect_column_values_to_match_regex email: 1 unexpected, e.g. 'carl.example.com')"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return users_project(tmp_path / "people")


def outcomes(report: DatasetReport) -> dict[str, ExpectationOutcome]:
    return {outcome.expectation: outcome for outcome in report.results}


def assert_bad_users(report: DatasetReport) -> None:
    """The five rows of BAD_ROWS break four of the five expectations, exactly so."""
    assert (report.success, report.evaluated, report.failed, report.rows) == (False, 5, 4, 5)
    found = outcomes(report)
    assert found["expect_column_values_to_not_be_null"].unexpected_count == 1
    assert found["expect_column_values_to_not_be_null"].sample == [None]
    unique = found["expect_column_values_to_be_unique"]
    assert (unique.unexpected_count, unique.sample) == (2, ["bob@example.com"])
    between = found["expect_column_values_to_be_between"]
    assert (between.unexpected_count, between.sample) == (3, [12, 130, 17])
    assert between.unexpected_percent == 60.0
    assert between.kwargs == {"column": "age", "min_value": 18, "max_value": 90}
    regex = found["expect_column_values_to_match_regex"]
    assert (regex.unexpected_count, regex.sample) == (1, ["carl.example.com"])
    rows = found["expect_table_row_count_to_be_between"]
    assert (rows.success, rows.observed_value, rows.exception) == (True, 5, None)
    assert [o.expectation for o in report.failed_outcomes] == [
        "expect_column_values_to_not_be_null", "expect_column_values_to_be_unique",
        "expect_column_values_to_be_between", "expect_column_values_to_match_regex"]
    assert report.summary() == BAD_SUMMARY.format(name=report.dataset)


def test_a_healthy_csv_passes_every_expectation(project: Path) -> None:
    report = validate_dataset(project, "good", run_id=None)

    assert report.success and (report.evaluated, report.failed, report.rows) == (5, 0, 3)
    assert report.content_hash == sha256(project / "data" / "good.csv")
    assert report.summary() == "good: all 5 expectations passed (3 rows)"
    assert report.source == str(project / "data" / "good.csv")
    assert report.validated_at is not None and report.duration > 0


def test_a_csv_with_bad_rows_fails_with_exact_counts_and_sample_values(project: Path) -> None:
    report = validate_dataset(load_project(project), "bad", run_id=7)

    assert_bad_users(report)
    assert report.run_id == 7
    assert report.content_hash == sha256(project / "data" / "bad.csv")
    assert DatasetReport.from_json(json.loads(json.dumps(report.to_json()))) == report


def test_parquet_gives_the_same_verdict(project: Path) -> None:
    report = validate_dataset(project, "parquet")

    assert_bad_users(report)
    assert report.content_hash == sha256(project / "data" / "bad.parquet")


def test_a_sqlite_table_at_a_url_relative_to_the_project(project: Path) -> None:
    report = validate_dataset(project, "sqlite")

    assert_bad_users(report)
    assert report.content_hash is None
    assert report.source == f"sqlite:///{project / 'data' / 'users.db'} table users"


@pytest.mark.postgres
def test_a_postgres_table_at_the_url_the_caller_filled_in(project: Path,
                                                         fresh_postgres_url: str) -> None:
    engine = create_engine(fresh_postgres_url)
    bad_frame().to_sql("users", engine, index=False)
    engine.dispose()

    report = validate_dataset(project, "warehouse", url=fresh_postgres_url)

    assert_bad_users(report)
    assert report.source == f"{fresh_postgres_url} table users"


def test_a_url_with_a_placeholder_needs_the_filled_in_url(project: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        validate_dataset(project, "warehouse")
    assert str(caught.value) == (
        f"{project / 'qatron.yml'}:12: datasets.warehouse.url: expected a URL; {{warehouse.url}} "
        f"is filled in when the environment's services run: validate within a run, or pass "
        f"the filled-in URL")


def test_an_unknown_dataset_is_named_with_a_suggestion(project: Path) -> None:
    with pytest.raises(ConfigError, match="no dataset 'goods'; valid datasets: bad, good, "
                                          "parquet, sqlite, warehouse. Did you mean 'good'?"):
        validate_dataset(project, "goods")


def test_a_missing_data_file_says_where_and_what_to_do(project: Path) -> None:
    (project / "data" / "good.csv").unlink()

    with pytest.raises(DatasetError) as caught:
        validate_dataset(project, "good")
    assert str(caught.value) == (
        f"datasets.good.path: {project / 'data' / 'good.csv'}: no such file. Create it or fix "
        f"the path; if the dataset has 'generate', `qatron datasets refresh good` writes it.")


def test_a_missing_table_lists_the_tables_there(project: Path) -> None:
    with sqlite3.connect(project / "data" / "other.db") as connection:
        connection.execute("CREATE TABLE orders (id INTEGER)")
    connection.close()

    with pytest.raises(DatasetError) as caught:
        validate_dataset(project, "warehouse", url="sqlite:///data/other.db")
    assert str(caught.value) == (
        f"datasets.warehouse.table: no table 'users' at sqlite:///{project / 'data/other.db'} "
        f"(tables there: orders). Load the data first, or fix 'table'.")


def test_a_missing_sqlite_file_is_not_created(project: Path) -> None:
    with pytest.raises(DatasetError) as caught:
        validate_dataset(project, "warehouse", url="sqlite:///data/nothing.db")
    assert str(caught.value) == (
        f"datasets.warehouse.url: {project / 'data/nothing.db'}: no such SQLite database "
        f"file. Create and load it, or fix the URL.")
    assert not (project / "data" / "nothing.db").exists()


def test_an_unreachable_database_is_a_dataset_error_without_the_password(project: Path) -> None:
    port = free_port()
    url = f"postgresql+psycopg2://qa:s3cret@127.0.0.1:{port}/shop"

    with pytest.raises(DatasetError) as caught:
        validate_dataset(project, "warehouse", url=url)
    message = str(caught.value)
    assert message.startswith(f"datasets.warehouse.url: cannot read "
                              f"postgresql+psycopg2://qa:***@127.0.0.1:{port}/shop (")
    assert message.endswith("Check that the database is up and the URL is right.")
    assert "s3cret" not in message


def test_a_missing_column_is_an_outcome_with_the_error_not_a_crash(project: Path) -> None:
    (project / "expectations.yml").write_text(dedent("""\
        expectations:
          - expect_column_values_to_not_be_null: {column: phone}
          - expect_table_row_count_to_equal: {value: 3}
    """))

    report = validate_dataset(project, "good")

    phone, count = report.results
    assert (phone.success, phone.exception) == (False, 'The column "phone" in BatchData '
                                                       'does not exist.')
    assert (count.success, count.observed_value) == (True, 3)
    assert report.summary() == ('good: 1 of 2 expectations failed (expect_column_values_'
                                'to_not_be_null phone: error: The column "phone" in BatchData '
                                'does not exist.)')


def test_refresh_regenerates_the_file_then_validates_it(tmp_path: Path) -> None:
    project = users_project(tmp_path / "people", dedent("""\
        project: people
        suites: {all: {}}
        datasets:
          users:
            path: data/generated.parquet
            expectations: expectations.yml
            generate: {schema: schema.yml, rows: {users: 40}, seed: 3}
    """))
    (project / "schema.yml").write_text(dedent("""\
        tables:
          users:
            rows: 10
            columns:
              id: serial
              email: {type: email, unique: true}
              age: int:18..90
    """))

    report = refresh_dataset(project, "users")

    assert report.notes == ["regenerated data/generated.parquet: 40 rows"]
    assert report.success and report.rows == 40
    assert report.content_hash == sha256(project / "data" / "generated.parquet")
    assert [p.name for p in (project / "data").iterdir() if p.name.startswith(".")] == []
    again = refresh_dataset(project, "users")
    assert again.content_hash == report.content_hash  # same seed, same bytes


def test_refresh_without_generate_validates_the_data_as_it_is(project: Path) -> None:
    before = sha256(project / "data" / "bad.csv")

    report = refresh_dataset(project, "bad")

    assert report.notes == ["datasets.bad has no 'generate': validated the data as it is, "
                            "without regenerating it"]
    assert report.content_hash == before and report.failed == 4


def test_validations_in_threads_each_get_their_own_results(project: Path) -> None:
    names = ["good", "bad", "parquet", "sqlite"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        reports = list(pool.map(lambda name: validate_dataset(project, name), names))

    assert [(r.dataset, r.failed) for r in reports] == [(n, 0 if n == "good" else 4)
                                                        for n in names]
