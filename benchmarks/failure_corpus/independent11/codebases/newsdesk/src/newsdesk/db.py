"""Engines and sessions over PostgreSQL."""

from __future__ import annotations

import logging

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.exc import OperationalError

from newsdesk.errors import StorageUnavailable

log = logging.getLogger(__name__)


def make_engine(dsn: str, lock_timeout_ms: int = 1000) -> Engine:
    """An engine whose statements give up on a lock after ``lock_timeout_ms``."""
    return create_engine(
        dsn,
        pool_pre_ping=False,
        connect_args={"options": f"-c lock_timeout={lock_timeout_ms}", "connect_timeout": 3},
    )


def check_connection(engine: Engine) -> str:
    """The server version, or StorageUnavailable when the database cannot be reached."""
    try:
        with engine.connect() as conn:
            version = conn.execute(text("SHOW server_version")).scalar_one()
    except OperationalError as exc:
        log.error("database check failed for %s", engine.url.render_as_string(hide_password=True))
        raise StorageUnavailable(f"cannot reach {engine.url.database}") from exc
    return str(version)
