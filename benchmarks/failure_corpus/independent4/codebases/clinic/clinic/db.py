"""PostgreSQL access through psycopg2 (dict rows, short lock timeout)."""

from __future__ import annotations

import psycopg2
import psycopg2.extras

from clinic.errors import StoreUnavailable

LOCK_TIMEOUT_MS = 800


def connect(dsn: str) -> psycopg2.extensions.connection:
    try:
        conn = psycopg2.connect(dsn, connect_timeout=3,
                                options=f"-c lock_timeout={LOCK_TIMEOUT_MS}",
                                cursor_factory=psycopg2.extras.RealDictCursor)
    except psycopg2.OperationalError as exc:
        raise StoreUnavailable(f"cannot connect to the clinic database: {exc}") from exc
    conn.autocommit = True
    return conn
