from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from boxoffice import db
from boxoffice.orders import create_event

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def tiers() -> dict[str, list[list[int]]]:
    """Expected prices per tier: [seats, cents] pairs."""
    return json.loads((DATA / "tiers.json").read_text())


@pytest.fixture
def conn() -> Iterator[sqlite3.Connection]:
    connection = db.connect()
    yield connection
    connection.close()


@pytest.fixture
def event(conn: sqlite3.Connection) -> int:
    return create_event(conn, f"concert-{uuid.uuid4().hex[:8]}", "riverside", 40)


@pytest.fixture
def spool() -> Iterator[Path]:
    folder = Path(os.environ["BOXOFFICE_SPOOL_DIR"]) / uuid.uuid4().hex[:8]
    folder.mkdir()
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def export_dir() -> Path:
    return Path(os.environ["BOXOFFICE_EXPORT_DIR"])
