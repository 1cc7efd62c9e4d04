"""Fixtures of the collector suite."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from greenhouse.models import Reading

HERE = Path(__file__).resolve().parent


@pytest.fixture
def sample_readings() -> list[Reading]:
    raw = json.loads((HERE / "data" / "readings.json").read_text())
    return [Reading.model_validate(item) for item in raw]


@pytest.fixture
def scratch_dir(tmp_path: Path) -> Iterator[Path]:
    """A dashboard directory, removed with its content afterwards."""
    directory = tmp_path / "dashboard"
    directory.mkdir()
    yield directory
    shutil.rmtree(directory)


@pytest.fixture
def zones_file() -> Path:
    return HERE.parent / "config" / "zones.json"
