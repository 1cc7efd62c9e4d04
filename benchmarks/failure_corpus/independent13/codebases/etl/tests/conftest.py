"""Fixtures of the ETL suite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from etljob import config


@pytest.fixture
def data() -> Path:
    return config.inbox()


@pytest.fixture
def inbox_copy(tmp_path: Path, data: Path) -> Path:
    target = tmp_path / "inbox"
    target.mkdir()
    for name in ("orders.csv", "orders_day2.csv", "events.csv"):
        shutil.copy(data / name, target / name)
    return target
