from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from housekeep import config, rooms


@pytest.fixture(scope="session")
def settings() -> config.Settings:
    return config.load()


@pytest.fixture()
def db(settings: config.Settings) -> Iterator[sqlite3.Connection]:
    conn = rooms.connect(settings.db)
    yield conn
    conn.rollback()
    conn.close()


@pytest.fixture()
def report_dir(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "reports"
    folder.mkdir()
    yield folder
    shutil.rmtree(folder)
