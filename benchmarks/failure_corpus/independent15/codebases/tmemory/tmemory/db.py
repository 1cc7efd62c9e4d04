"""PostgreSQL access through SQLAlchemy 2.x (psycopg 3)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


@cache
def engine(setting: str = "TM_DATABASE_URL") -> Engine:
    """Engine of one configured database role (main store, reporting, batch, archive)."""
    url = os.environ.get(setting, "postgresql+psycopg://tm_app:tm-app-pass@127.0.0.1:55415/tm")
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 3})


def migrate(url: str) -> list[str]:
    """Apply every migration file in order; returns their names."""
    applied = []
    migrator = create_engine(url)
    with migrator.begin() as conn:
        for path in sorted(MIGRATIONS.glob("*.sql")):
            conn.exec_driver_sql(path.read_text())
            applied.append(path.name)
    migrator.dispose()
    return applied


def ping() -> int:
    """1 when the main store answers."""
    with engine().connect() as conn:
        return int(conn.execute(text("SELECT 1")).scalar_one())
