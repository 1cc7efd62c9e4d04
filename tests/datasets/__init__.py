"""Datasets validated by Great Expectations: a small project with known bad values.

``users_project(root)`` writes a qatron.yml with these datasets, all checked
by ``expectations.yml`` (not-null id, unique email, age 18..90, email regex,
at least one row):

* ``good``: ``data/good.csv``, three valid rows;
* ``bad``: ``data/bad.csv``, five rows, four expectations broken (see BAD_ROWS);
* ``parquet``: ``data/bad.parquet``, the same rows;
* ``sqlite``: table ``users`` of ``data/users.db`` (relative URL), the same rows;
* ``warehouse``: table ``users`` at ``{warehouse.url}``, the ``analytics`` environment's
  database, filled in by a run or the caller.
"""

from __future__ import annotations

import hashlib
import sqlite3
import textwrap
from pathlib import Path

import pandas as pd

from tests.projects import write_project

EXPECTATIONS = """\
expectations:
  - expect_column_values_to_not_be_null: {column: id}
  - expect_column_values_to_be_unique: {column: email}
  - expect_column_values_to_be_between: {column: age, min_value: 18, max_value: 90}
  - expect_column_values_to_match_regex: {column: email, regex: "^[^@]+@[^@]+$"}
  - expect_table_row_count_to_be_between: {min_value: 1}
"""
GOOD_CSV = "id,email,age\n1,ann@example.com,34\n2,bob@example.com,51\n3,cy@example.com,18\n"
BAD_ROWS = [
    {"id": 1, "email": "ann@example.com", "age": 34},
    {"id": 2, "email": "bob@example.com", "age": 12},
    {"id": 3, "email": "bob@example.com", "age": 130},
    {"id": None, "email": "carl.example.com", "age": 45},
    {"id": 5, "email": "dora@example.com", "age": 17},
]
QATRON_YML = """\
project: people
suites: {all: {}}
environments:
  analytics:
    services:
      warehouse: {type: postgres}
datasets:
  good: {path: data/good.csv, expectations: expectations.yml}
  bad: {path: data/bad.csv, expectations: expectations.yml}
  parquet: {path: data/bad.parquet, expectations: expectations.yml}
  sqlite: {url: "sqlite:///data/users.db", table: users, expectations: expectations.yml}
  warehouse: {url: "{warehouse.url}", table: users, expectations: expectations.yml}
"""


def users_project(root: Path, qatron_yml: str = QATRON_YML) -> Path:
    """The project described in the module docstring, written under ``root``."""
    write_project(root, qatron_yml, {"expectations.yml": EXPECTATIONS,
                                     "data/good.csv": GOOD_CSV})
    frame = bad_frame()
    frame.to_csv(root / "data" / "bad.csv", index=False)
    frame.to_parquet(root / "data" / "bad.parquet", index=False)
    with sqlite3.connect(root / "data" / "users.db") as connection:
        frame.to_sql("users", connection, index=False)
    connection.close()
    return root


def bad_frame() -> pd.DataFrame:
    return pd.DataFrame(BAD_ROWS).astype({"id": "Int64"})


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def dedent(text: str) -> str:
    return textwrap.dedent(text)
