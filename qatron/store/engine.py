"""Engines and migrations for the results store.

SQLite gets WAL mode, a 30 s busy timeout, enforced foreign keys and real
transactions (pysqlite's own BEGIN handling is switched off); writers start
with ``BEGIN IMMEDIATE`` so concurrent writers queue instead of failing.
Migrations run inside one transaction that holds a lock: ``BEGIN IMMEDIATE``
on SQLite, an advisory lock on PostgreSQL (and, within one process, a thread
lock, since Alembic's proxies are global).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import URL, Engine, create_engine, event, func, make_url, select, text
from sqlalchemy.exc import (
    ArgumentError,
    DatabaseError,
    DBAPIError,
    InterfaceError,
    OperationalError,
)
from sqlalchemy.pool import StaticPool

from qatron.errors import StoreError
from qatron.store.schema import HEAD_REVISION as HEAD_REVISION
from qatron.store.schema import SQLITE_BUSY_TIMEOUT, VERSION_TABLE

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
PG_CONNECT_TIMEOUT = 10
_MIGRATION_LOCK = 0x51A7_0001  # PostgreSQL advisory lock key shared by every QAtron process
_ALEMBIC = threading.Lock()  # alembic's `op` and `context` proxies are process-global
_BEGIN = "qatron_sqlite_begin"  # execution option: how a SQLite transaction begins
_ADVICE = "check that the database server is running and that QATRON_DATABASE_URL is right"
#: The drivers QAtron installs, named when a URL asks for another one.
_INSTALLED = {"postgresql": " (installed: postgresql+psycopg:// and postgresql+psycopg2://)"}


def alembic_config(url: str | URL) -> Config:
    """An Alembic config for the store's migrations (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    rendered = url if isinstance(url, str) else url.render_as_string(hide_password=False)
    config.set_main_option("sqlalchemy.url", rendered.replace("%", "%%"))
    return config


def open_engine(url: str) -> tuple[Engine, str]:
    """An engine for ``url`` and the URL to show users (password masked)."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"{url!r} is not a database URL ({exc}): set QATRON_DATABASE_URL "
                         "to a SQLAlchemy URL such as sqlite:////abs/path/results.db") from exc
    shown = parsed.render_as_string(hide_password=True)
    try:
        if parsed.get_backend_name() == "sqlite":
            return _sqlite_engine(parsed), shown
        return create_engine(parsed, pool_pre_ping=True, connect_args=_connect_args(parsed)), shown
    except ArgumentError as exc:
        raise StoreError(f"cannot use the results database {shown}: {exc}") from exc
    except ImportError as exc:
        raise StoreError(f"the driver for the results database {shown} is not installed "
                         f"({exc}): install it or choose another QATRON_DATABASE_URL"
                         f"{_INSTALLED.get(parsed.get_backend_name(), '')}") from exc
    except OSError as exc:
        raise StoreError(f"cannot create the directory of the results database {shown}: "
                         f"{exc}; choose a writable location") from exc


def writer(engine: Engine) -> Engine:
    """The engine to write through: on SQLite, transactions begin IMMEDIATE."""
    return engine.execution_options(**{_BEGIN: "IMMEDIATE"})


def migrate(engine: Engine, shown: str) -> None:
    """Bring the database to the newest schema; raise StoreError if it can't be."""
    if current_revision(engine, shown) == HEAD_REVISION:
        return
    from alembic import command
    from alembic.util.exc import CommandError

    config = alembic_config(engine.url)
    try:
        with _ALEMBIC, writer(engine).begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(select(func.pg_advisory_xact_lock(_MIGRATION_LOCK)))
            config.attributes["connection"] = connection
            command.upgrade(config, "head")
    except (OperationalError, InterfaceError) as exc:
        raise StoreError(unreachable(shown, exc)) from exc
    except (CommandError, DBAPIError) as exc:
        raise StoreError(
            f"cannot migrate the results database {shown}: {first_line(exc)}. If a newer "
            "QAtron created it, upgrade QAtron; otherwise point QATRON_DATABASE_URL at "
            "another database") from exc


def current_revision(engine: Engine, shown: str) -> str | None:
    """The database's schema revision, or None if it has none yet."""
    try:
        with engine.connect() as connection:
            if not engine.dialect.has_table(connection, VERSION_TABLE):
                return None
            return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()
    except (OperationalError, InterfaceError) as exc:
        raise failure(shown, exc) from exc
    except DatabaseError as exc:
        if not damaged(exc):
            raise
        raise failure(shown, exc) from exc


def failure(shown: str, exc: Exception) -> StoreError:
    """The StoreError for a driver error: a damaged SQLite file, else an unreachable
    database."""
    if damaged(exc):
        return StoreError(
            f"the results database {shown} is damaged or not a database "
            f"({first_line(exc)}): move the file aside (keep it to inspect) and run again to "
            f"start a new one, or set QATRON_DATABASE_URL to another database")
    return StoreError(unreachable(shown, exc))


def damaged(exc: Exception) -> bool:
    """Whether SQLite said the file is not a database, or a damaged one."""
    origin = getattr(exc, "orig", None)
    return isinstance(exc, DatabaseError) and type(origin) is sqlite3.DatabaseError


def unreachable(shown: str, exc: Exception) -> str:
    return f"cannot reach the results database {shown} ({first_line(exc)}): {_ADVICE}"


def first_line(exc: BaseException) -> str:
    """The first line of the driver's message (without SQLAlchemy's background link)."""
    origin = getattr(exc, "orig", None) or exc
    lines = str(origin).strip().splitlines()
    return lines[0] if lines else type(origin).__name__


def _connect_args(url: URL) -> dict[str, Any]:
    libpq = url.get_backend_name() == "postgresql" and url.get_driver_name() in (
        "psycopg2", "psycopg")
    if libpq and "connect_timeout" not in url.query:
        return {"connect_timeout": PG_CONNECT_TIMEOUT}
    return {}


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    in_memory = database in ("", ":memory:") or url.query.get("mode") == "memory"
    options: dict[str, Any] = {
        "connect_args": {"timeout": SQLITE_BUSY_TIMEOUT, "check_same_thread": False}}
    if in_memory:  # one shared connection, else every connection sees its own empty database
        options["poolclass"] = StaticPool
    elif not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=NORMAL", "foreign_keys=ON"):
        _while_locked(lambda pragma=pragma: cursor.execute(f"PRAGMA {pragma}"))
    cursor.close()


def _while_locked(statement: Any) -> None:
    """Run ``statement``, retrying while SQLite says the database is locked.

    Switching a new database to WAL takes an exclusive lock without waiting
    on the busy timeout, so processes opening it at once can see "locked".
    """
    deadline = time.monotonic() + SQLITE_BUSY_TIMEOUT
    while True:
        try:
            statement()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _sqlite_begin(connection: Any) -> None:
    mode = connection.get_execution_options().get(_BEGIN, "")
    connection.exec_driver_sql(f"BEGIN {mode}".rstrip())
