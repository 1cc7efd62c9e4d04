from __future__ import annotations

from collections.abc import Iterator

import psycopg
import pytest

from recipecost import config, db


@pytest.fixture(scope="session")
def settings() -> config.Settings:
    return config.load()


@pytest.fixture()
def conn(settings: config.Settings) -> Iterator[psycopg.Connection]:
    connection = db.connect(settings.dsn)
    yield connection
    connection.rollback()
    connection.close()
