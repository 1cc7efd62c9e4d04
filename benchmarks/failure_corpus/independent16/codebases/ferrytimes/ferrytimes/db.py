"""PostgreSQL access: connections per role and the schema migrations."""

from __future__ import annotations

from pathlib import Path

import psycopg

from ferrytimes.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
ROLES = {"app": "ferry_app", "report": "ferry_report", "publisher": "ferry_publisher",
         "pricing": "ferry_pricing"}


def connect(settings: Settings, role: str = "app") -> psycopg.Connection[tuple[object, ...]]:
    """Opens a connection as one of :data:`ROLES`; ``report`` reads from the replica."""
    replica = role == "report"
    conn = psycopg.connect(
        host=settings.replica_host if replica else settings.pg_host,
        port=settings.replica_port if replica else settings.pg_port,
        dbname=settings.pg_database, user=ROLES[role], password=settings.passwords[role],
        connect_timeout=3, autocommit=False,
    )
    conn.execute(f"SET lock_timeout = {int(settings.lock_timeout_ms)}")
    conn.commit()
    return conn


def migrate(conn: psycopg.Connection[tuple[object, ...]], folder: Path = MIGRATIONS) -> list[str]:
    """Applies the SQL files of ``folder`` not applied yet, in name order; returns their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations (name text PRIMARY KEY, "
        "applied_at timestamptz NOT NULL DEFAULT now())"
    )
    done = {row[0] for row in conn.execute("SELECT name FROM schema_migrations")}
    applied = []
    for path in sorted(folder.glob("*.sql")):
        if path.name in done:
            continue
        conn.execute(path.read_text())  # type: ignore[call-overload]
        conn.execute("INSERT INTO schema_migrations (name) VALUES (%s)", (path.name,))
        applied.append(path.name)
    conn.commit()
    return applied
