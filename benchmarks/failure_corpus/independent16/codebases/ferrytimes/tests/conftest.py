"""Fixtures: the publisher's PostgreSQL schema, Redis cache, SQLite archive and partners."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ferrytimes import timetable
from ferrytimes.cache import TimetableCache
from ferrytimes.db import connect, migrate
from ferrytimes.settings import Settings

DAY = dt.date(2026, 6, 1)
FARES = {"adult": 1050, "car": 5400, "bicycle": 0, "motorcycle": 2500, "van": 9800}
TABLES = "publications, drydock, vessels, fares, sailings, routes, ports"
GRANTS = [
    "GRANT SELECT ON ALL TABLES IN SCHEMA public TO ferry_report",
    "GRANT SELECT ON routes TO ferry_pricing",
    "GRANT SELECT, INSERT, UPDATE ON fares TO ferry_pricing",
    "GRANT SELECT, INSERT ON publications TO ferry_publisher",
    "GRANT USAGE ON SEQUENCE publications_id_seq TO ferry_publisher",
]


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture(scope="session")
def schema(settings: Settings) -> list[str]:
    with connect(settings, "app") as conn:
        applied = migrate(conn)
        for grant in GRANTS:
            conn.execute(grant)  # type: ignore[call-overload]
        conn.commit()
    return applied


@pytest.fixture
def conn(settings: Settings, schema: list[str]) -> Iterator[psycopg.Connection[tuple[Any, ...]]]:
    with connect(settings, "app") as connection:
        connection.execute(f"TRUNCATE {TABLES} RESTART IDENTITY CASCADE")
        connection.commit()
        yield connection
        connection.rollback()


@pytest.fixture
def seeded(conn: psycopg.Connection[tuple[Any, ...]]) -> psycopg.Connection[tuple[Any, ...]]:
    """Three ports, two routes and five sailings on 2026-06-01."""
    timetable.add_port(conn, "ULLAPOOL", "Ullapool", "MINCH")
    timetable.add_port(conn, "STORNOWY", "Stornoway", "MINCH")
    timetable.add_port(conn, "OBAN", "Oban", "MALIN")
    timetable.add_route(conn, "ULL-STO", "ULLAPOOL", "STORNOWY", 165)
    timetable.add_route(conn, "OBA-STO", "OBAN", "STORNOWY", 300)
    for hour, route, vessel, seats in [(7, "ULL-STO", "MV Loch Seaforth", 700),
                                       (10, "OBA-STO", "MV Isle of Lewis", 680),
                                       (13, "ULL-STO", "MV Loch Seaforth", 700),
                                       (17, "ULL-STO", "MV Loch Seaforth", 700),
                                       (19, "OBA-STO", "MV Isle of Lewis", 680)]:
        timetable.add_sailing(conn, route, dt.datetime.combine(DAY, dt.time(hour, 0)), vessel,
                              seats)
    conn.commit()
    return conn


@pytest.fixture
def priced(settings: Settings, seeded: psycopg.Connection[tuple[Any, ...]]) -> Iterator[
        psycopg.Connection[tuple[Any, ...]]]:
    """The pricing role's connection, with the fares of both routes set."""
    with connect(settings, "pricing") as connection:
        for route in ("ULL-STO", "OBA-STO"):
            for category, pence in FARES.items():
                timetable.set_fare(connection, route, category, pence)
        connection.commit()
        yield connection


@pytest.fixture
def ledger(settings: Settings, seeded: psycopg.Connection[tuple[Any, ...]]) -> Iterator[
        psycopg.Connection[tuple[Any, ...]]]:
    """The publisher role's connection, which records publications."""
    with connect(settings, "publisher") as connection:
        yield connection


@pytest.fixture
def report(settings: Settings, seeded: psycopg.Connection[tuple[Any, ...]]) -> Iterator[
        psycopg.Connection[tuple[Any, ...]]]:
    with connect(settings, "report") as connection:
        yield connection


@pytest.fixture
def cache(settings: Settings) -> Iterator[TimetableCache]:
    store = TimetableCache(settings.redis_url, prefix=f"test-{uuid.uuid4().hex[:8]}")
    yield store
    keys = list(store.client.scan_iter(f"{store.prefix}:*"))
    if keys:
        store.client.delete(*keys)


@pytest.fixture
def feed_dir(settings: Settings) -> Path:
    """A fresh folder on the feed volume."""
    folder = settings.feed_dir / uuid.uuid4().hex[:12]
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def publish_settings(settings: Settings, tmp_path: Path) -> Settings:
    return replace(settings, feed_dir=tmp_path / "feeds")


def pytest_report_header(config: pytest.Config) -> str:
    return f"ferrytimes database {os.environ.get('FERRY_PG_DATABASE', 'ferrytimes')}"
