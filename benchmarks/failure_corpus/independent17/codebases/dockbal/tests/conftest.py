from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from dockbal import config
from dockbal.feed import StationStatus
from dockbal.store import engine_for

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def settings() -> config.Settings:
    return config.load()


@pytest.fixture()
def session(settings: config.Settings) -> Iterator[Session]:
    engine = engine_for(settings.db_url)
    with Session(engine) as db:
        yield db
        db.rollback()
    engine.dispose()


@pytest.fixture()
def plan_fixture() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "plan.json").read_text())
    return loaded


def station(code: str, capacity: int, bikes: int, broken: int = 0) -> StationStatus:
    return StationStatus(code=code, name=f"Station {code}", capacity=capacity, bikes=bikes,
                         broken_docks=broken)
