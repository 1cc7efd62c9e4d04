"""Fixtures of the newsdesk suite: settings, a rolled-back session per test, volumes."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from newsdesk.config import Settings
from newsdesk.db import make_engine
from newsdesk.desk import create_story, publish
from newsdesk.models import Story

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = make_engine(settings.dsn)
    yield engine
    engine.dispose()


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    connection = engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint")
    try:
        yield session
    finally:
        session.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def published_story(session: Session) -> Story:
    story = create_story(
        session,
        "metro",
        "Council approves tram extension",
        body="The council voted 31 to 9.",
        priority=2,
    )
    publish(session, story.slug, "web")
    return story


@pytest.fixture
def outbox(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Path]:
    folder = settings.outbox_dir / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    yield folder
    shutil.rmtree(folder)


@pytest.fixture
def data_dir() -> Path:
    return DATA
