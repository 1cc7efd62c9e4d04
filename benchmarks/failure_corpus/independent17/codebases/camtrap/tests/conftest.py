from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from camtrap import catalog, config


@pytest.fixture(scope="session")
def settings() -> config.Settings:
    return config.load()


@pytest.fixture()
def db(settings: config.Settings) -> Iterator[sqlite3.Connection]:
    conn = catalog.connect(settings.db)
    yield conn
    conn.rollback()
    conn.close()


@pytest.fixture()
def inbox(settings: config.Settings) -> Path:
    return Path(settings.inbox)
