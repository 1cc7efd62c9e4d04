import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from lending import store
from lending.catalogue import CatalogueClient
from lending.config import Settings
from lending.spool import Spool

DATA = Path(__file__).parent / "data"
TODAY = date(2026, 3, 2)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def branches() -> list[dict[str, str]]:
    return json.loads((DATA / "branches.json").read_text())


@pytest.fixture(scope="session")
def conn(settings: Settings) -> Iterator[psycopg.Connection]:
    connection = store.connect(settings.dsn)
    yield connection
    connection.close()


@pytest.fixture
def db(conn: psycopg.Connection, branches: list[dict[str, str]]) -> psycopg.Connection:
    store.clear(conn)
    return conn


@pytest.fixture
def reader(db: psycopg.Connection, branches: list[dict[str, str]]) -> dict:
    return store.add_member(db, "Mira Castell", "adult", branches[0]["code"], "mira@example.org")


@pytest.fixture
def book(db: psycopg.Connection, branches: list[dict[str, str]]) -> dict:
    return store.add_copy(db, "9780141439518", "Pride and Prejudice", branches[0]["code"])


@pytest.fixture
def catalogue(settings: Settings) -> CatalogueClient:
    return CatalogueClient(settings.catalogue_url, settings.catalogue_token)


@pytest.fixture
def spool(settings: Settings, request: pytest.FixtureRequest) -> Iterator[Spool]:
    root = settings.spool_dir / request.node.name
    yield Spool(root)
    shutil.rmtree(root)


@pytest.fixture
def export_dir(settings: Settings, request: pytest.FixtureRequest) -> Path:
    return settings.export_dir / request.node.name
