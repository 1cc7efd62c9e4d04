"""Fixtures: the staging meter store, the partner clients and the feeds of the night."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import pytest

DATA = Path(__file__).with_name("data")


@pytest.fixture(scope="session")
def store():
    from meterhub.db import open_store

    engine = open_store()
    yield engine
    engine.dispose()


@pytest.fixture
def session(store):
    from sqlalchemy.orm import Session

    with Session(store) as session:
        yield session
        session.rollback()


@pytest.fixture
def meter(session):
    from meterhub.readings import register_meter

    return register_meter(session, f"EM-{uuid.uuid4().hex[:8]}", "Harbour Road 4")


@pytest.fixture
def tariffs():
    from meterhub.tariffs import TariffClient

    client = TariffClient()
    yield client
    client.close()


@pytest.fixture
def registry():
    from meterhub.registry import RegistryClient

    return RegistryClient()


@pytest.fixture(scope="session")
def inbox() -> Path:
    return Path(os.environ["METERHUB_INBOX"])


@pytest.fixture
def sample_feed() -> Path:
    return DATA / "sample_feed.jsonl"


@pytest.fixture(scope="session")
def bill_cases() -> list[dict]:
    return json.loads((DATA / "bills.json").read_text())


@pytest.fixture
def spool_dir() -> Path:
    folder = Path(os.environ["METERHUB_SPOOL"])
    for old in folder.glob("alarm-*.json"):
        old.unlink()
    return folder
