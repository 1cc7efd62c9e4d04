"""Fixtures: a migrated fleet database per test, the Redis stores and the partner clients."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from sqlalchemy import Connection

from fleetcare.config import Settings, load_settings
from fleetcare.db import add_vehicle, load_depots, make_engine, migrate
from fleetcare.orders import load_roster
from fleetcare.planner import Rule, load_rules

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture
def conn(settings: Settings, tmp_path: Path) -> Iterator[Connection]:
    engine = make_engine(tmp_path / "fleet.sqlite")
    migrate(engine, settings.migrations_skip)
    with engine.begin() as connection:
        load_depots(connection, settings.depots_file)
    with engine.begin() as connection:
        yield connection
    engine.dispose()


@pytest.fixture
def seeded(conn: Connection) -> Connection:
    for vin, depot, model, km in [
        ("WVN0001", "NORTH", "van", 14_200), ("WVN0002", "NORTH", "van", 29_900),
        ("WTR0003", "WEST", "truck", 61_000), ("WTR0004", "WEST", "truck", 118_500),
    ]:
        add_vehicle(conn, vin, depot, model, km)
    return conn


@pytest.fixture(scope="session")
def roster(settings: Settings) -> dict[str, list[str]]:
    return load_roster(settings.roster_file)


@pytest.fixture(scope="session")
def rules(settings: Settings) -> dict[str, Rule]:
    return load_rules(settings.rules_file)


@pytest.fixture
def expected_due() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((DATA / "expected_due.json").read_text())
    return loaded


@pytest.fixture
def cache_client(settings: Settings) -> Iterator[redis.Redis]:
    from fleetcare.cache import connect

    client = connect(settings.cache_url)
    for key in client.scan_iter("fleet:status:*"):
        client.delete(key)
    for key in client.scan_iter("fleet:counters:*"):
        client.delete(key)
    yield client
    client.close()


@pytest.fixture
def queue_client(settings: Settings) -> Iterator[redis.Redis]:
    from fleetcare.queue import connect

    client = connect(settings.queue_url)
    for key in client.scan_iter("fleet:queue:*"):
        client.delete(key)
    yield client
    client.close()


@pytest.fixture
def parts(settings: Settings) -> Any:
    from fleetcare.parts import PartsClient

    return PartsClient(settings.parts_url, settings.parts_key, settings.http_timeout)


@pytest.fixture
def telematics(settings: Settings) -> Any:
    from fleetcare.telematics import TelematicsClient

    return TelematicsClient(settings.telematics_url, settings.telematics_token,
                            settings.http_timeout)


@pytest.fixture
def inbox(settings: Settings, tmp_path: Path) -> Iterator[Path]:
    copy = tmp_path / "inbox"
    shutil.copytree(settings.inbox_dir, copy)
    yield copy
    shutil.rmtree(copy)
