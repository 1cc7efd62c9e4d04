"""Schema files: short and long forms, dependency order, and every error's exact message."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.errors import ConfigError
from qatron.testdata import DataSchema, generate, load_schema
from qatron.testdata.schema import EnumColumn, IntColumn, RefColumn, TimestampColumn
from tests.testdata.conftest import SHOP_SCHEMA, WriteSchema

TWO_TABLES = """\
tables:
  users:
    rows: 10
    columns:
      id: uuid
      age: {age}
  payment_methods:
    columns:
      user_id: {ref}
"""


def two_tables(age: str = "int:18..90", ref: str = "ref:users.id") -> str:
    return TWO_TABLES.format(age=age, ref=ref)


def test_short_forms_expand(shop_schema: DataSchema) -> None:
    users = shop_schema.tables["users"]
    assert users.rows == 1000
    assert users.columns["age"] == IntColumn(type="int", min=18, max=90)
    assert users.columns["status"] == EnumColumn(type="enum", values=["active", "blocked"])
    assert users.columns["email"].unique
    assert users.columns["balance"].nullable == 0.1
    refs = shop_schema.tables["payment_methods"].columns["user_id"]
    assert isinstance(refs, RefColumn) and refs.target() == ("users", "id")


def test_short_and_long_forms_have_the_same_schema_hash(write_schema: WriteSchema) -> None:
    short = load_schema(write_schema(SHOP_SCHEMA)).schema_hash
    long = SHOP_SCHEMA.replace("int:18..90", "{type: int, min: 18, max: 90}").replace(
        "enum:active,blocked", "{type: enum, values: [active, blocked]}")
    assert load_schema(write_schema("# comment\n" + long)).schema_hash == short
    changed = SHOP_SCHEMA.replace("int:18..90", "int:18..91")
    assert load_schema(write_schema(changed)).schema_hash != short


def test_type_may_be_a_short_form_with_options(write_schema: WriteSchema) -> None:
    schema = load_schema(write_schema(two_tables(age="{type: 'int:1..5', nullable: 0.5}")))
    assert schema.tables["users"].columns["age"] == IntColumn(type="int", min=1, max=5,
                                                              nullable=0.5)


def test_timestamp_range(write_schema: WriteSchema) -> None:
    schema = load_schema(write_schema(two_tables(
        age='{type: timestamp, start: "2024-01-01", end: "2024-01-02"}')))
    column = schema.tables["users"].columns["age"]
    assert isinstance(column, TimestampColumn)
    assert column.seconds()[1] - column.seconds()[0] == 86_400


def test_tables_in_dependency_order(write_schema: WriteSchema) -> None:
    schema = load_schema(write_schema("""\
tables:
  payments:
    columns: {order_id: ref:orders.id}
  orders:
    columns: {id: serial, user_id: ref:users.id}
  users:
    columns: {id: uuid}
"""))
    assert list(schema.tables) == ["payments", "orders", "users"]
    assert schema.order == ("users", "orders", "payments")


@pytest.mark.parametrize(("text", "message"), [
    (two_tables(ref="ref:user.id"),
     "9: tables.payment_methods.columns.user_id: expected ref:<table>.<column> of a declared "
     "table; got 'ref:user.id'"),
    (two_tables(ref="ref:users.uid"),
     "9: tables.payment_methods.columns.user_id: expected ref:<table>.<column> of a declared "
     "table; got 'ref:users.uid'"),
    (two_tables(ref="{type: ref, to: users}"),
     "9: tables.payment_methods.columns.user_id: expected ref:<table>.<column> of a declared "
     "table; got 'ref:users'"),
    (two_tables(age="integer"),
     "6: tables.users.columns.age: expected a column type (uuid, serial, name, email, "
     "timestamp, int, float, enum, bool, ref, json, text); got 'integer'"),
    (two_tables(age="int:18-90"),
     "6: tables.users.columns.age: expected int:<min>..<max>; got 'int:18-90'"),
    (two_tables(age="int:90..18"),
     "6: tables.users.columns.age: expected min <= max; got min=90, max=18"),
    (two_tables(age="int:a..9"),
     "6: tables.users.columns.age.min: expected a valid integer; got 'a'"),
    (two_tables(age="{type: int, nullable: 1.5}"),
     "6: tables.users.columns.age.nullable: expected less than or equal to 1; got 1.5"),
    (two_tables(age="{type: int,\n        maximum: 5}"),
     "7: tables.users.columns.age.maximum: unknown key (check its spelling)"),
    (two_tables(age="{min: 1}"),
     "6: tables.users.columns.age.type: this key is required: one of uuid, serial, name, "
     "email, timestamp, int, float, enum, bool, ref, json, text"),
    (two_tables(age="{type: int, min: 1, max: 5, unique: true}"),
     "6: tables.users.columns.age: expected at least 10 distinct values for 10 unique rows; "
     "got 5 possible (int:1..5)"),
    (two_tables(age="{type: json, unique: true}"),
     "6: tables.users.columns.age: expected unique only on uuid, serial, name, email, "
     "timestamp, int, float, enum, bool, ref columns; got unique: true on a json column"),
    (two_tables(age="{type: enum, values: [a, b], weights: [1]}"),
     "6: tables.users.columns.age: expected one weight per value (2); got 1"),
    (two_tables(age="timestamp:2025-01-01..2024-01-01"),
     "6: tables.users.columns.age: expected start < end; got start=2025-01-01 00:00:00, "
     "end=2024-01-01 00:00:00"),
    (two_tables(age="5"),
     "6: tables.users.columns.age: expected a column type (uuid, serial, name, email, "
     "timestamp, int, float, enum, bool, ref, json, text) or a mapping with 'type'; got 5"),
    (two_tables().replace("rows: 10", "rows: -1"),
     "3: tables.users.rows: expected greater than or equal to 0; got -1"),
    (two_tables().replace("rows: 10", "rows: 0"),
     "9: tables.payment_methods.columns.user_id: expected rows in users to refer to; got none "
     "for 100 references"),
    (two_tables().replace("id: uuid", "id: {type: uuid, nullable: 0.5}"),
     "5: tables.users.columns.id: expected nullable: 0 for the primary key column 'id'; "
     "got 0.5"),
    (two_tables().replace("payment_methods:", "payment-methods:"),
     "7: tables.payment-methods: expected a name of letters, digits and '_' (not starting "
     "with a digit); got 'payment-methods'"),
    ("tables:\n  a:\n    columns:\n      id: serial\n      b_id: ref:b.id\n"
     "  b:\n    columns:\n      id: serial\n      a_id: ref:a.id\n",
     "9: tables.b.columns.a_id: expected references without a cycle; got a → b → a"),
    ("tables:\n  a:\n    columns:\n      id: serial\n      parent: ref:a.id\n",
     "5: tables.a.columns.parent: expected references without a cycle; got a → a"),
    ("tables: {}\n", "1: tables: expected at least one table"),
    ("tables:\n  a:\n    columns: {}\n", "3: tables.a.columns: expected at least one column"),
    ("tables:\n  a: 5\n", "2: tables.a: expected a mapping; got 5"),
    ("tables:\n  a:\n    rows: 5\n", "2: tables.a.columns: this key is required"),
])
def test_schema_error_names_file_line_key_and_expectation(
        write_schema: WriteSchema, text: str, message: str) -> None:
    path = write_schema(text)
    with pytest.raises(ConfigError) as caught:
        load_schema(path)
    assert str(caught.value) == f"{path}:{message}"


@pytest.mark.parametrize("text", ["", "- a\n", "tables: 5\n"])
def test_top_level_must_be_a_mapping_with_tables(write_schema: WriteSchema, text: str) -> None:
    path = write_schema(text)
    with pytest.raises(ConfigError, match="expected a mapping") as caught:
        load_schema(path)
    assert str(caught.value).startswith(str(path))


def test_invalid_yaml_names_line_and_column(write_schema: WriteSchema) -> None:
    path = write_schema("tables:\n  a: [\n")
    with pytest.raises(ConfigError) as caught:
        load_schema(path)
    assert str(caught.value).startswith(f"{path}: line 3, column 1: not valid YAML (")


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "data" / "schema.yml"
    with pytest.raises(ConfigError) as caught:
        load_schema(path)
    assert str(caught.value) == (f"{path}: no such schema file; create it or fix the 'schema' "
                                 f"path that names it")


def test_relative_path_is_reported_as_given(
        write_schema: WriteSchema, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_schema(two_tables(ref="ref:user.id"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=r"^data/schema\.yml:9: tables\.payment_methods"):
        load_schema(Path("data/schema.yml"))


@pytest.mark.parametrize(("rows", "message"), [
    ({"user": 5}, "1: tables: expected row counts for declared tables only (users, "
                  "payment_methods); got 'user'"),
    ({"users": -1}, "3: tables.users.rows: expected a row count of 0 or more; got -1"),
    ({"users": 91}, "9: tables.users.columns.age: expected at least 91 distinct values for 91 "
                    "unique rows; got 73 possible (int:18..90)"),
])
def test_row_overrides_are_checked(write_schema: WriteSchema, rows: dict[str, int],
                                   message: str) -> None:
    path = write_schema(SHOP_SCHEMA.replace("age: int:18..90",
                                            "age: {type: 'int:18..90', unique: true}")
                        .replace("rows: 1000", "rows: 50"))
    schema = load_schema(path)
    with pytest.raises(ConfigError) as caught:
        generate(schema, rows=rows)
    assert str(caught.value) == f"{path}:{message}"


def test_nulls_do_not_count_against_uniqueness(write_schema: WriteSchema) -> None:
    schema = load_schema(write_schema(two_tables(
        age="{type: 'int:1..5', unique: true, nullable: 0.5}")))
    assert generate(schema, rows={"users": 10}).tables["users"]["age"].notna().sum() == 5
