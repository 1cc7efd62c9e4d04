"""Shared fixtures: settings from the CI environment, a migrated database, partner clients."""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from claims.config import Settings
from claims.db import connect, migrate
from claims.fraud import FraudClient

DATA = Path(__file__).with_name("data")
SEED_POLICIES = [
    ("POL-1001", "Maija Virtanen", "HOME", "north", 50000),
    ("POL-1002", "Tomas Berg", "MOTOR", "south", 25000),
    ("POL-1003", "Ana Lopes", "MOTOR", "east", 100000),
    ("POL-1004", "Kofi Mensah", "TRAVEL", "west", 0),
    ("POL-1005", "Lena Sommer", "PET", "north", 7500),
]


@pytest.fixture(scope="session")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """The deployment's settings; file locations default to a temp folder."""
    return Settings.from_env(tmp_path_factory.mktemp("claims"))


@pytest.fixture
def db(tmp_path: Path, settings: Settings) -> Iterator[sqlite3.Connection]:
    """A migrated claims database with the seed policies."""
    conn = connect(tmp_path / "claims.db")
    migrate(conn, settings.migrations_upto)
    with conn:
        conn.executemany("INSERT INTO policies VALUES (?, ?, ?, ?, ?)", SEED_POLICIES)
    yield conn
    conn.close()


def add_claim(conn: sqlite3.Connection, number: str, policy: str, kind: str, cents: int) -> None:
    """Insert a claim directly."""
    with conn:
        conn.execute("INSERT INTO claims (number, policy_number, kind, amount_cents)"
                     " VALUES (?, ?, ?, ?)",
                     (number, policy, kind, cents))


@pytest.fixture
def fraud(settings: Settings) -> FraudClient:
    """Client of the fraud-scoring partner."""
    return FraudClient(settings.fraud_url, settings.fraud_key, settings.http_timeout)


@pytest.fixture
def roster() -> dict[str, list[str]]:
    """The adjusters of each region."""
    data: dict[str, list[str]] = json.loads((DATA / "adjusters.json").read_text())
    return data


@pytest.fixture
def batch() -> Path:
    """A batch of submitted claims."""
    path = DATA / "claims_batch.json"
    json.loads(path.read_text())
    return path


@pytest.fixture
def unique_claim() -> str:
    """A claim number no other test uses."""
    return f"CLM-T{uuid.uuid4().hex[:10].upper()}"
