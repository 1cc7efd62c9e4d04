"""Import of the underwriting policy feed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from claims.config import Settings
from claims.db import connect, migrate
from claims.errors import ContractError
from claims.policies import get_policy, import_feed, parse_row


@pytest.fixture
def empty_db(tmp_path: Path) -> sqlite3.Connection:
    conn = connect(tmp_path / "feed.db")
    migrate(conn)
    return conn


@pytest.mark.parametrize("number,product,region,deductible", [
    ("P-2001", "HOME", "north", 50000),
    ("P-2002", "MOTOR", "south", 30000),
    ("P-2003", "TRAVEL", "east", 0),
    ("P-2004", "PET", "west", 12500),
])
def test_feed_import(empty_db: sqlite3.Connection, settings: Settings, number: str, product: str,
                     region: str, deductible: int) -> None:
    assert import_feed(empty_db, settings.policy_feed) == 6
    policy = get_policy(empty_db, number)
    assert (policy.product, policy.region, policy.deductible_cents) == (product, region, deductible)


def test_feed_products(empty_db: sqlite3.Connection, settings: Settings) -> None:
    import_feed(empty_db, settings.policy_feed)
    products = {r[0] for r in empty_db.execute("SELECT product FROM policies")}
    assert products == {"HOME", "MOTOR", "TRAVEL", "PET"}


def test_parse_row_rejects_unknown_region() -> None:
    with pytest.raises(ContractError):
        parse_row({"number": "X", "holder": "Y", "product": "HOME", "region": "moon",
                   "deductible": "1"}, 2)
