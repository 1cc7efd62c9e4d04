"""Fixtures: settings from the environment, a clean database per test, the room list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from bookings import config
from bookings.models import make_engine
from bookings.store import add_room

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def settings() -> config.Settings:
    return config.load()


@pytest.fixture(scope="session")
def engine(settings: config.Settings) -> Iterator[Engine]:
    engine = make_engine(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with engine.begin() as conn:
        conn.execute(text("TRUNCATE rooms, bookings RESTART IDENTITY CASCADE"))
    with Session(engine) as session:
        yield session
        session.rollback()


@pytest.fixture
def room_list() -> list[dict]:
    return json.loads((DATA / "rooms.json").read_text())


@pytest.fixture
def rooms(session: Session, room_list: list[dict]) -> dict[str, str]:
    """The rooms of tests/data/rooms.json in the database; code by kind (first of each)."""
    codes: dict[str, str] = {}
    for room in room_list:
        add_room(session, room["code"], room["kind"], room["capacity"])
        codes.setdefault(room["kind"], room["code"])
    return codes
