"""The meter store: an SQLite file on the service's data volume, opened read-write
(never created by the service), with foreign keys enforced and a 0.5 s busy timeout."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from meterhub.errors import StoreUnavailable

MIGRATIONS = Path(__file__).with_name("migrations")


def migrate(path: str, level: int) -> None:
    """Apply the numbered migrations up to `level` (the deploy step does this)."""
    conn = sqlite3.connect(path)
    for script in sorted(MIGRATIONS.glob("*.sql"))[:level]:
        conn.executescript(script.read_text())
    conn.close()


def _enforce_foreign_keys(dbapi_connection, _record) -> None:  # noqa: ANN001
    dbapi_connection.execute("PRAGMA foreign_keys = ON")


def open_store(path: str | None = None) -> Engine:
    path = path or os.environ["METERHUB_DB"]
    engine = create_engine(
        f"sqlite:///file:{path}?mode=rw&uri=true", connect_args={"timeout": 0.5}
    )
    event.listen(engine, "connect", _enforce_foreign_keys)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master"))
    except OperationalError as exc:
        raise StoreUnavailable(f"meter store {path} cannot be opened") from exc
    return engine
