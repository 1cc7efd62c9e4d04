from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

from setlists import config


@pytest.fixture(scope="session")
def settings() -> config.Settings:
    return config.load()


@pytest.fixture()
def session(settings: config.Settings) -> Iterator[Session]:
    engine = create_engine(settings.db_url)
    with Session(engine) as db:
        yield db
        db.rollback()
    engine.dispose()


@pytest.fixture()
def tour_rows() -> list[dict[str, str]]:
    return [{"city": "Porto", "song": "The Night Drive"},
            {"city": "Porto", "song": "Yellow Stairwell"},
            {"city": "Lyon", "song": "The Night Drive"}]
