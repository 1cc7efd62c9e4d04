"""Fixtures: the CI job's database, cache, partners and volumes, from DOCKETLINE_* variables."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from docketline import cache, store
from docketline.config import Settings
from docketline.partners import BarRegistryClient, PaymentsClient


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings.from_env()


@pytest.fixture
def uid() -> str:
    return uuid.uuid4().hex[:10]


@pytest.fixture
def db(settings: Settings) -> Iterator[store.Connection]:
    conn = store.connect(settings)
    yield conn
    conn.rollback()
    conn.close()


@pytest.fixture
def second_db(settings: Settings, db: store.Connection) -> Iterator[store.Connection]:
    conn = store.connect(settings)
    yield conn
    conn.close()


@pytest.fixture
def case(db: store.Connection, uid: str) -> tuple[int, str]:
    number = f"CV-{uid}"
    return store.open_case(db, number, f"Doe v. Roe {uid}", "civil"), number


@dataclass
class Clerk:
    """A clerk at the intake desk: a connection and the case in front of them."""

    conn: store.Connection
    case_id: int
    case_number: str

    def file(self, document_type: str, pages: int = 5) -> tuple[int, int]:
        import datetime as dt

        return store.file_document(
            self.conn, self.case_id, document_type, f"{document_type.title()} {pages}p",
            "CA-100200", dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), pages,
        )


@pytest.fixture
def docket_clerk(db: store.Connection, case: tuple[int, str]) -> Clerk:
    return Clerk(conn=db, case_id=case[0], case_number=case[1])


@pytest.fixture
def rcache(settings: Settings, uid: str) -> Iterator[redis.Redis]:
    r = cache.client(settings.redis_url)
    r.ping()
    yield r
    for key in r.scan_iter(f"*{uid}*"):
        r.delete(key)


@pytest.fixture
def payments(settings: Settings) -> PaymentsClient:
    return PaymentsClient(settings.payments_url, settings.payments_token, settings.http_timeout)


@pytest.fixture
def bar(settings: Settings) -> BarRegistryClient:
    return BarRegistryClient(
        settings.bar_registry_url, settings.bar_registry_token, settings.http_timeout
    )


@pytest.fixture
def export_dir(settings: Settings, uid: str) -> Iterator[Path]:
    directory = settings.spool_dir / "calendars" / uid
    directory.mkdir(parents=True)
    yield directory
    audit = settings.archive_dir / "exports"
    audit.mkdir(parents=True, exist_ok=True)
    with (audit / f"{uid}.json").open("w") as fh:
        json.dump(sorted(p.name for p in directory.iterdir()), fh)


@pytest.fixture
def outbox(settings: Settings, uid: str) -> Path:
    directory = settings.outbox_dir / uid
    directory.mkdir()
    return directory


@pytest.fixture
def portal_drop(settings: Settings) -> Path:
    if not settings.portal_drop.is_dir():
        pytest.fail(f"portal delivery {settings.portal_drop} is not there")
    return settings.portal_drop


@pytest.fixture
def archive(settings: Settings, uid: str) -> Path:
    directory = settings.archive_dir / "batches" / uid
    directory.mkdir(parents=True)
    return directory
