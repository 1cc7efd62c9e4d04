"""Fixtures of the translation-memory suite."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from tmemory import store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def incoming() -> Path:
    return ROOT / "data" / "incoming"


@pytest.fixture
def config_file() -> Path:
    return ROOT / "config" / "tm.yaml"


@pytest.fixture
def unique() -> str:
    """A per-test marker so reruns never collide on unique source texts."""
    return uuid.uuid4().hex[:8]


@pytest.fixture
def acme_de() -> int:
    return store.project_id("ACME-DE")


@pytest.fixture
def work_area(tmp_path: Path) -> Path:
    area = tmp_path / "align"
    area.mkdir()
    return area


@pytest.fixture(scope="function")
def scratch(tmp_path: Path) -> Path:
    return tmp_path
