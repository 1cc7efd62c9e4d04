"""Fixtures: settings from the environment, private and shared databases, partner clients."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from parcelhub import db
from parcelhub.config import Settings
from parcelhub.store import ParcelStore

DATA = Path(__file__).parent / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests in reverse order when ``PARCELS_TEST_ORDER=reverse`` (order checks)."""
    if os.environ.get("PARCELS_TEST_ORDER") == "reverse":
        items.reverse()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """A private, migrated database with the depot's carriers."""
    connection = db.connect(tmp_path / "parcels.db")
    db.migrate(connection)
    db.seed_carriers(connection)
    yield connection
    connection.close()


@pytest.fixture
def store(conn: sqlite3.Connection) -> ParcelStore:
    return ParcelStore(conn)


@pytest.fixture
def depot(settings: Settings) -> Iterator[ParcelStore]:
    """The depot's shared database, as provisioned and migrated by the deployment."""
    connection = db.connect(settings.depot_db, timeout=settings.db_timeout)
    connection.execute("SELECT COUNT(*) FROM carriers").fetchone()
    yield ParcelStore(connection)
    connection.execute("DELETE FROM events WHERE tracking_no LIKE 'TST%'")
    connection.execute("DELETE FROM parcels WHERE tracking_no LIKE 'TST%'")
    connection.close()


@pytest.fixture
def inbox(settings: Settings) -> Path:
    return settings.inbox


@pytest.fixture
def outbox(settings: Settings) -> Path:
    return settings.outbox
