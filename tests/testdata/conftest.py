"""Schema files for the test-data tests, written into each test's tmp_path."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from qatron.testdata import DataSchema, GeneratedData, generate, load_schema

SHOP_SCHEMA = """\
tables:
  users:
    rows: 1000
    columns:
      id: uuid
      name: name
      email: {type: email, unique: true}
      created_at: timestamp
      age: int:18..90
      balance: {type: float, min: 0, max: 1000, nullable: 0.1}
      status: enum:active,blocked
  payment_methods:
    rows: 500
    columns:
      id: uuid
      user_id: ref:users.id
      type: enum:credit_card,paypal,bank_transfer
      details: json
"""

WriteSchema = Callable[[str], Path]


@pytest.fixture
def write_schema(tmp_path: Path) -> WriteSchema:
    """Write schema text to ``<tmp>/data/schema.yml``; return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "data" / "schema.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def shop_schema(write_schema: WriteSchema) -> DataSchema:
    return load_schema(write_schema(SHOP_SCHEMA))


@pytest.fixture
def shop_data(shop_schema: DataSchema) -> GeneratedData:
    return generate(shop_schema, seed=42)
