"""Loading generated data into real SQLite files and a real PostgreSQL server."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import create_engine, inspect, text

from qatron.errors import ConfigError, InfrastructureError
from qatron.testdata import DataSchema, GeneratedData, generate, load_into, load_schema
from tests.testdata.conftest import WriteSchema
from tests.testdata.test_generate import EVERY_TYPE

ORPHANS = ("SELECT COUNT(*) FROM payment_methods p LEFT JOIN users u ON p.user_id = u.id "
           "WHERE u.id IS NULL")


def scalar(url: str, query: str) -> object:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(query)).scalar()
    finally:
        engine.dispose()


def read(url: str, table: str) -> pd.DataFrame:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return pd.read_sql_table(table, connection)
    finally:
        engine.dispose()


def assert_same(loaded: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Equal values; timestamps compared in seconds (databases read them back in µs)."""
    for name in loaded.columns:
        if loaded[name].dtype.kind == "M":
            loaded[name] = loaded[name].astype("datetime64[s]")
    pd.testing.assert_frame_equal(loaded, expected, check_dtype=False)


def assert_loaded(url: str, data: GeneratedData) -> None:
    for table, rows in data.rows.items():
        assert scalar(url, f"SELECT COUNT(*) FROM {table}") == rows
    assert scalar(url, ORPHANS) == 0
    assert scalar(url, "SELECT COUNT(*) FROM users WHERE balance IS NULL") == 100
    users = read(url, "users").sort_values("email").reset_index(drop=True)
    expected = data.tables["users"].sort_values("email").reset_index(drop=True)
    users["id"] = users["id"].astype(str)
    assert_same(users, expected)


def test_load_into_sqlite(shop_data: GeneratedData, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shop.db"
    assert load_into(shop_data, url) == {"users": 1000, "payment_methods": 500}
    assert_loaded(url, shop_data)
    engine = create_engine(url)
    schema = inspect(engine)
    assert schema.get_pk_constraint("users")["constrained_columns"] == ["id"]
    foreign = schema.get_foreign_keys("payment_methods")
    assert [(key["constrained_columns"], key["referred_table"]) for key in foreign] == [
        (["user_id"], "users")]
    nullable = {column["name"]: column["nullable"] for column in schema.get_columns("users")}
    assert nullable["balance"] and not nullable["age"]
    engine.dispose()


def test_loading_twice_appends_or_replaces(shop_data: GeneratedData, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/shop.db"
    load_into(shop_data, url)
    with pytest.raises(InfrastructureError, match=r"cannot load test data into sqlite:///.*"
                                                  r"UNIQUE constraint failed"):
        load_into(shop_data, url)
    assert scalar(url, "SELECT COUNT(*) FROM users") == 1000  # one transaction: nothing added
    assert load_into(shop_data, url, replace=True) == shop_data.rows
    assert_loaded(url, shop_data)


def test_existing_tables_are_filled(shop_schema: DataSchema, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/app.db"
    engine = create_engine(url)
    with engine.begin() as connection:  # as a service's schema file would create it
        connection.execute(text("CREATE TABLE users (id TEXT PRIMARY KEY, name TEXT, "
                                "email TEXT, created_at TEXT, age INTEGER, balance REAL, "
                                "status TEXT, note TEXT DEFAULT 'x')"))
    engine.dispose()
    data = generate(shop_schema, rows={"users": 20, "payment_methods": 5}, seed=1)
    load_into(data, url)
    assert scalar(url, "SELECT COUNT(*) FROM users WHERE note = 'x'") == 20


def test_bad_url_is_a_config_error(shop_data: GeneratedData) -> None:
    with pytest.raises(ConfigError, match="^'nonsense': not a usable SQLAlchemy database URL"):
        load_into(shop_data, "nonsense")


def test_unreachable_database(shop_data: GeneratedData) -> None:
    url = "postgresql+psycopg2://someone:secret@127.0.0.1:1/nothing?connect_timeout=2"
    with pytest.raises(InfrastructureError) as caught:
        load_into(shop_data, url)
    message = str(caught.value)
    assert message.startswith("cannot load test data into postgresql+psycopg2://someone:***@")
    assert "secret" not in message


@pytest.mark.postgres
def test_load_into_postgres(shop_data: GeneratedData, fresh_postgres_url: str) -> None:
    url = fresh_postgres_url
    assert load_into(shop_data, url) == {"users": 1000, "payment_methods": 500}
    assert_loaded(url, shop_data)
    engine = create_engine(url)
    with engine.connect() as connection:
        types = dict(connection.execute(text(
            "SELECT column_name, data_type FROM information_schema.columns "
            "WHERE table_name = 'payment_methods'")).all())
    engine.dispose()
    assert types == {"id": "uuid", "user_id": "uuid", "type": "character varying",
                     "details": "jsonb"}
    first = shop_data.tables["payment_methods"].iloc[0]
    code = scalar(url, f"SELECT details->>'code' FROM payment_methods WHERE id = '{first['id']}'")
    assert code == json.loads(first["details"])["code"]


@pytest.mark.postgres
def test_postgres_load_is_one_transaction(shop_data: GeneratedData,
                                          fresh_postgres_url: str) -> None:
    load_into(shop_data, fresh_postgres_url)
    with pytest.raises(InfrastructureError, match="duplicate key value"):
        load_into(shop_data, fresh_postgres_url)
    assert scalar(fresh_postgres_url, "SELECT COUNT(*) FROM payment_methods") == 500
    assert load_into(shop_data, fresh_postgres_url, replace=True) == shop_data.rows
    assert_loaded(fresh_postgres_url, shop_data)


@pytest.mark.postgres
def test_every_type_into_postgres(write_schema: WriteSchema, fresh_postgres_url: str) -> None:
    data = generate(load_schema(write_schema(EVERY_TYPE)), seed=9)
    assert load_into(data, fresh_postgres_url) == {"things": 2000}
    loaded = read(fresh_postgres_url, "things").sort_values("id").reset_index(drop=True)
    loaded["uid"] = loaded["uid"].astype(str)
    loaded["extra"] = loaded["extra"].map(lambda value: json.dumps(value, sort_keys=True))
    expected = data.tables["things"].copy()
    expected["extra"] = expected["extra"].map(
        lambda text: json.dumps(json.loads(text), sort_keys=True))
    assert_same(loaded, expected)


def test_every_type_into_sqlite(write_schema: WriteSchema, tmp_path: Path) -> None:
    data = generate(load_schema(write_schema(EVERY_TYPE)), seed=9)
    url = f"sqlite:///{tmp_path}/every.db"
    assert load_into(data, url) == {"things": 2000}
    loaded = read(url, "things").sort_values("id").reset_index(drop=True)
    assert_same(loaded, data.tables["things"])
