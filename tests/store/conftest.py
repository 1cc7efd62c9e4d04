"""Fixtures of the results-store tests: each runs on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from qatron.store import ResultsStore

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/not/yet/there/results.db"
    return request.getfixturevalue("fresh_postgres_url")


@pytest.fixture
def store(url: str) -> Iterator[ResultsStore]:
    with ResultsStore(url) as opened:
        yield opened
