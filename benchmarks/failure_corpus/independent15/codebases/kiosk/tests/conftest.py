"""Fixtures of the kiosk suite: a copy of the live database per test."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loankiosk import db

HERE = Path(__file__).resolve().parent
INCOMING = HERE.parent / "data" / "incoming"


@pytest.fixture
def conn(tmp_path: Path) -> Iterator[sqlite3.Connection]:
    """The live kiosk database as deployed, copied so tests do not disturb each other."""
    copy = tmp_path / "kiosk.sqlite3"
    if db.database_path().exists():
        shutil.copyfile(db.database_path(), copy)
    else:
        db.migrate(copy)
    connection = db.connect(copy)
    yield connection
    connection.close()


@pytest.fixture
def overdue_loans() -> list[dict[str, Any]]:
    """Loans exported from the branch system for the overdue listing."""
    loans: list[dict[str, Any]] = json.loads((HERE / "data" / "overdue.json").read_text())
    return loans


@pytest.fixture
def incoming() -> Path:
    return INCOMING


@pytest.fixture
def relay_spool() -> Path:
    """Where the mail relay stores what it accepted."""
    return Path(os.environ.get("KIOSK_RELAY_SPOOL", "/tmp/kiosk-relay.jsonl"))
