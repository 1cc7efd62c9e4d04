"""Generated tables: determinism, integrity, shares, ranges, and files that read back."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pandas as pd
import pytest

from qatron.config import load_project
from qatron.errors import ConfigError
from qatron.testdata import DataSchema, GeneratedData, generate, generate_from_spec, load_schema
from tests.testdata.conftest import SHOP_SCHEMA, WriteSchema

EVERY_TYPE = """\
tables:
  things:
    rows: 2000
    columns:
      id: serial
      uid: {type: uuid, unique: true}
      name: {type: name, unique: true}
      email: {type: email, unique: true}
      seen_at: {type: 'timestamp:2024-03-01..2024-03-02', nullable: 0.25}
      score: {type: int, min: -5, max: 5, nullable: 0.5}
      code: {type: 'int:1..2000', unique: true}
      price: {type: float, min: 0.5, max: 2, decimals: 1}
      size: {type: enum, values: [S, M, L], weights: [0, 1, 3]}
      level: enum:1,2,3
      active: {type: bool, true_share: 0.9}
      notes: text:2..4
      extra: json
"""


@pytest.fixture
def things(write_schema: WriteSchema) -> pd.DataFrame:
    return generate(load_schema(write_schema(EVERY_TYPE)), seed=3).tables["things"]


def test_same_seed_same_hash_and_content(shop_schema: DataSchema,
                                         shop_data: GeneratedData) -> None:
    again = generate(shop_schema, seed=42)
    assert again.content_hash == shop_data.content_hash
    for name, frame in shop_data.tables.items():
        pd.testing.assert_frame_equal(again.tables[name], frame)


def test_different_seed_or_rows_change_the_hash(shop_schema: DataSchema,
                                                shop_data: GeneratedData) -> None:
    assert generate(shop_schema, seed=43).content_hash != shop_data.content_hash
    assert generate(shop_schema, rows={"users": 999}, seed=42).content_hash != \
        shop_data.content_hash


def test_hash_is_stable_across_releases(write_schema: WriteSchema) -> None:
    """Pinned values: a change here (say, a numpy upgrade altering a distribution) gives
    every user new data versions; make it knowingly."""
    schema = load_schema(write_schema(SHOP_SCHEMA))
    data = generate(schema, rows={"users": 20, "payment_methods": 10}, seed=1)
    assert data.tables["users"]["id"].iloc[0] == "ec9075bb-c5d9-4080-bc2c-e7cf1f6f0b49"
    assert data.content_hash == "91eeb2eb93a5c7ac905ccbffac44f7d2b8fe3048166282a3e84856e40c363e5d"


def test_adding_a_column_leaves_the_others_alone(write_schema: WriteSchema,
                                                 shop_data: GeneratedData) -> None:
    wider = SHOP_SCHEMA.replace("      age: int:18..90\n", "      age: int:18..90\n"
                                                          "      nickname: name\n")
    users = generate(load_schema(write_schema(wider)), seed=42).tables["users"]
    pd.testing.assert_frame_equal(users.drop(columns="nickname"), shop_data.tables["users"])


def test_rows_and_order(shop_data: GeneratedData) -> None:
    assert shop_data.rows == {"users": 1000, "payment_methods": 500}
    assert list(shop_data.tables) == ["users", "payment_methods"]
    assert {name: len(frame) for name, frame in shop_data.tables.items()} == shop_data.rows
    assert len(shop_data.content_hash) == len(shop_data.schema_hash) == 64


def test_row_override(shop_schema: DataSchema) -> None:
    data = generate(shop_schema, rows={"payment_methods": 0, "users": 3}, seed=1)
    assert data.rows == {"users": 3, "payment_methods": 0}
    assert list(data.tables["payment_methods"].columns) == ["id", "user_id", "type", "details"]


def test_every_reference_exists_in_the_parent(shop_data: GeneratedData) -> None:
    users = set(shop_data.tables["users"]["id"])
    refs = shop_data.tables["payment_methods"]["user_id"]
    assert refs.notna().all() and set(refs) <= users
    assert refs.nunique() > 300  # spread over many users, not a handful


def test_nullable_share_is_exact(shop_data: GeneratedData, things: pd.DataFrame) -> None:
    assert shop_data.tables["users"]["balance"].isna().sum() == 100
    assert things["seen_at"].isna().sum() == 500
    assert things["score"].isna().sum() == 1000
    assert things["uid"].notna().all()


def test_unique_columns_are_unique(shop_data: GeneratedData, things: pd.DataFrame) -> None:
    assert shop_data.tables["users"]["email"].is_unique
    assert shop_data.tables["users"]["id"].is_unique
    for column in ("id", "uid", "name", "email", "code"):
        assert things[column].is_unique, column
    assert sorted(things["code"]) == list(range(1, 2001))  # a full range: a permutation


def test_enum_values_only(shop_data: GeneratedData, things: pd.DataFrame) -> None:
    assert set(shop_data.tables["users"]["status"]) == {"active", "blocked"}
    assert set(shop_data.tables["payment_methods"]["type"]) == {"credit_card", "paypal",
                                                                 "bank_transfer"}
    assert set(things["size"]) == {"M", "L"}  # weight 0: never S
    assert 0.65 < (things["size"] == "L").mean() < 0.85
    assert set(things["level"]) == {"1", "2", "3"}


def test_ranges_are_respected(shop_data: GeneratedData, things: pd.DataFrame) -> None:
    users = shop_data.tables["users"]
    assert users["age"].between(18, 90).all() and {18, 90} <= set(users["age"])
    assert users["balance"].dropna().between(0, 1000).all()
    assert (users["balance"].dropna() == users["balance"].dropna().round(2)).all()
    assert users["created_at"].between(pd.Timestamp("2024-01-01"),
                                       pd.Timestamp("2024-12-31 23:59:59")).all()
    seen = things["seen_at"].dropna()
    assert seen.between(pd.Timestamp("2024-03-01"), pd.Timestamp("2024-03-01 23:59:59")).all()
    assert things["score"].dropna().between(-5, 5).all()
    assert set(things["price"]) <= {round(0.5 + i / 10, 1) for i in range(16)}
    assert list(things["id"]) == list(range(1, 2001))


def test_value_formats(shop_data: GeneratedData, things: pd.DataFrame) -> None:
    users = shop_data.tables["users"]
    assert all(uuid.UUID(value).version == 4 for value in users["id"])
    assert users["email"].str.fullmatch(r"[a-z]+\.[a-z]+\d+@[a-z.]+\.[a-z]+").all()
    assert users["name"].str.fullmatch(r"[A-Z][a-z]+ [A-Z][a-z]+").all()
    details = [json.loads(text) for text in shop_data.tables["payment_methods"]["details"]]
    assert set(details[0]) == {"code", "last4", "score", "count"}
    assert things["notes"].str.split().str.len().between(2, 4).all()
    assert 0.85 < things["active"].mean() < 0.95


def test_frames_have_useful_dtypes(things: pd.DataFrame) -> None:
    assert str(things["score"].dtype) == "Int64"  # nullable ints stay ints
    assert things["code"].dtype == "int64"
    assert things["seen_at"].dtype.kind == "M"
    assert things["active"].dtype == bool


def test_csv_round_trip(shop_data: GeneratedData, tmp_path: Path) -> None:
    files = shop_data.write(tmp_path / "out", format="csv")
    assert files == {name: tmp_path / "out" / f"{name}.csv" for name in shop_data.tables}
    users = pd.read_csv(files["users"], parse_dates=["created_at"])
    expected = shop_data.tables["users"]
    pd.testing.assert_frame_equal(users, expected, check_dtype=False)
    assert users["balance"].isna().sum() == 100


def test_parquet_round_trip(shop_data: GeneratedData, tmp_path: Path) -> None:
    files = shop_data.write(tmp_path, format="parquet")
    for name, path in files.items():
        assert path.name == f"{name}.parquet"
        pd.testing.assert_frame_equal(pd.read_parquet(path), shop_data.tables[name],
                                      check_dtype=False)


def test_written_files_are_deterministic(shop_schema: DataSchema, tmp_path: Path) -> None:
    first = generate(shop_schema, seed=5).write(tmp_path / "a")
    second = generate(shop_schema, seed=5).write(tmp_path / "b")
    assert all(first[name].read_bytes() == second[name].read_bytes() for name in first)


def test_unknown_format(shop_data: GeneratedData, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="format: expected one of csv, parquet; got 'xlsx'"):
        shop_data.write(tmp_path, format="xlsx")  # type: ignore[arg-type]


def test_generate_from_spec(write_schema: WriteSchema, tmp_path: Path) -> None:
    write_schema(SHOP_SCHEMA)
    (tmp_path / "qatron.yml").write_text(
        "project: demo\nsuites: {smoke: {}}\nenvironments:\n  local:\n    data:\n"
        "      schema: data/schema.yml\n      rows: {users: 30}\n      seed: 7\n",
        encoding="utf-8")
    project = load_project(tmp_path)
    spec = project.environment("local").data
    assert spec is not None
    data = generate_from_spec(project, spec)
    assert data.rows == {"users": 30, "payment_methods": 500}
    assert data.seed == 7
    assert data.content_hash == generate(load_schema(tmp_path / "data/schema.yml"),
                                         rows={"users": 30}, seed=7).content_hash


@pytest.mark.parametrize("rows", [0, 1, 3])
def test_tiny_and_empty_tables(write_schema: WriteSchema, tmp_path: Path, rows: int) -> None:
    data = generate(load_schema(write_schema(EVERY_TYPE)), rows={"things": rows})
    assert len(data.tables["things"]) == rows
    for kind in ("csv", "parquet"):
        assert len(pd.read_parquet(data.write(tmp_path, "parquet")["things"])) == rows
        assert data.write(tmp_path, kind)["things"].stat().st_size > 0


def test_all_null_column(write_schema: WriteSchema) -> None:
    schema = load_schema(write_schema(EVERY_TYPE.replace("nullable: 0.5", "nullable: 1")))
    score = generate(schema, rows={"things": 10}).tables["things"]["score"]
    assert str(score.dtype) == "Int64" and score.isna().all()
