"""qatron.data_fixtures reading the tables a run generated (its environment file's "data")."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

from qatron.data_fixtures import generated_tables, get_test_data, load_data_fixture
from qatron.testdata import GeneratedData


@pytest.fixture(params=["csv", "parquet"])
def run(request: pytest.FixtureRequest, shop_data: GeneratedData, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> GeneratedData:
    """A project with its own data files, inside a run of environment 'staging'."""
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "data" / "test_data.yml").write_text("users:\n  password: Shared123!\n",
                                                    encoding="utf-8")
    (project / "data" / "cards.json").write_text('[{"number": "4111"}]', encoding="utf-8")
    files = shop_data.write(tmp_path / "run" / "data", format=request.param)
    environment = tmp_path / "run" / "environment.json"
    environment.write_text(json.dumps({
        "name": "staging",
        "data": {"version": shop_data.content_hash, "rows": shop_data.rows,
                 "tables": {name: str(path) for name, path in files.items()}},
    }), encoding="utf-8")
    monkeypatch.setenv("QATRON_PROJECT_DIR", str(project))
    monkeypatch.setenv("QATRON_ENVIRONMENT_FILE", str(environment))
    return shop_data


def test_generated_table_as_rows(run: GeneratedData) -> None:
    users = load_data_fixture("users", "staging")
    assert len(users) == 1000
    expected = run.tables["users"].iloc[0]
    assert users[0]["id"] == expected["id"]
    assert users[0]["email"] == expected["email"]
    assert users[0]["age"] == expected["age"]
    assert users[0]["created_at"] == expected["created_at"].to_pydatetime()
    assert isinstance(users[0]["created_at"], datetime.datetime)
    assert sum(user["balance"] is None for user in users) == 100
    assert load_data_fixture("payment_methods")[0]["user_id"] in {u["id"] for u in users}


def test_each_call_returns_a_fresh_copy(run: GeneratedData) -> None:
    load_data_fixture("users")[0]["email"] = "changed"
    assert load_data_fixture("users")[0]["email"] == run.tables["users"]["email"].iloc[0]


def test_data_files_win_over_generated_tables(run: GeneratedData) -> None:
    assert load_data_fixture("cards") == [{"number": "4111"}]


def test_get_test_data_reaches_into_generated_tables(run: GeneratedData) -> None:
    emails = run.tables["users"]["email"]
    assert get_test_data("users.0.email", "staging") == emails.iloc[0]
    assert get_test_data("users.-1.email") == emails.iloc[-1]
    assert get_test_data("users.5")["email"] == emails.iloc[5]
    assert len(get_test_data("payment_methods")) == 500
    assert get_test_data("users.password") == "Shared123!"  # the test-data file first


@pytest.mark.parametrize("key", ["users.1000.email", "users.0.nothing", "orders.0"])
def test_missing_generated_key(run: GeneratedData, key: str) -> None:
    with pytest.raises(KeyError, match="generated tables: users, payment_methods"):
        get_test_data(key)


def test_other_environment_does_not_see_the_run_data(run: GeneratedData) -> None:
    assert generated_tables("local") == {}
    with pytest.raises(FileNotFoundError, match="no data fixture 'users'"):
        load_data_fixture("users", "local")


def test_missing_fixture_lists_generated_tables(run: GeneratedData) -> None:
    with pytest.raises(FileNotFoundError, match="generated tables: users, payment_methods"):
        load_data_fixture("orders")


def test_no_test_data_file_but_generated_tables(run: GeneratedData, tmp_path: Path) -> None:
    (tmp_path / "project" / "data" / "test_data.yml").unlink()
    assert get_test_data("users.0.id") == run.tables["users"]["id"].iloc[0]
    with pytest.raises(FileNotFoundError, match="no test data file"):
        get_test_data("users.password")
