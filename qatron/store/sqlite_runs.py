"""The newest runs of a SQLite results store, read with the standard library's sqlite3.

    >>> read_runs("sqlite:////home/me/shop/.qatron/results.db", suite="smoke", limit=20)
    [RunRecord(id=12, ...), ...]     # None: open the store with ResultsStore instead

What ``qatron runs list`` shows, without importing SQLAlchemy and its ORM (most of the
command's start-up). Only a database file that exists and is at the newest schema is
read here; for any other URL (PostgreSQL, in memory, with options), a file not created
yet, a schema to migrate or a file sqlite3 cannot read, the answer is None, and the caller
opens :class:`qatron.store.ResultsStore`, which creates, migrates or says what is wrong.
The rows are converted as the store's column types convert them, and the counts are
:meth:`ResultsStore.list_runs`'s (a test compares the two readers on one database).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from qatron.models import RunStatus, count_outcomes
from qatron.store.run_record import RunRecord
from qatron.store.schema import HEAD_REVISION, SQLITE_BUSY_TIMEOUT, VERSION_TABLE

__all__ = ["read_at_head", "read_runs"]

_PREFIX = "sqlite:///"
_COLUMNS = ('id, project, suite, environment, status, branch, "commit", created_at, '
            "started_at, finished_at, message, run_dir, flow_run_id, params, owner, sharding, "
            "folder_removed_at")
_FILTERS = ("project", "suite", "environment")
_T = TypeVar("_T")


def read_runs(url: str, *, project: str | None = None, suite: str | None = None,
              environment: str | None = None, limit: int = 20) -> list[RunRecord] | None:
    """The newest ``limit`` runs matching the filters, newest first, as
    :meth:`ResultsStore.list_runs` gives them; None where only the store can tell."""
    filters = {"project": project, "suite": suite, "environment": environment}

    def listed(connection: sqlite3.Connection) -> list[RunRecord]:
        rows = _runs(connection, filters, limit)
        counts = _counts(connection, [row[0] for row in rows])
        return [_record(row, counts[row[0]]) for row in rows]

    return read_at_head(url, listed)


def read_at_head(url: str, read: Callable[[sqlite3.Connection], _T]) -> _T | None:
    """What ``read`` finds in one read transaction on the SQLite file of ``url`` at the
    newest schema; None for any other store, a schema to migrate or a file sqlite3
    cannot read (ResultsStore opens those)."""
    path = _database_file(url)
    if path is None:
        return None
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=rw", uri=True,
                                     timeout=SQLITE_BUSY_TIMEOUT)) as connection:
            connection.isolation_level = None  # one read transaction: every query agrees
            connection.execute("BEGIN")
            if _revision(connection) != HEAD_REVISION:
                return None
            return read(connection)
    except sqlite3.Error:
        return None


def _database_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///PATH`` URL that exists; None for any other URL."""
    if not url.startswith(_PREFIX) or any(mark in url for mark in "?%"):
        return None
    database = url.removeprefix(_PREFIX)
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    path = Path(database).resolve()
    return path if path.is_file() else None


def _revision(connection: sqlite3.Connection) -> str | None:
    found = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchone()
    return None if found is None else str(found[0])


def _runs(connection: sqlite3.Connection, filters: dict[str, str | None],
          limit: int) -> list[tuple[Any, ...]]:
    wanted = {name: value for name, value in filters.items() if value is not None}
    where = " AND ".join(f"{name} = ?" for name in wanted)
    query = (f"SELECT {_COLUMNS} FROM runs {'WHERE ' + where if where else ''} "
             f"ORDER BY id DESC LIMIT ?")
    return connection.execute(query, [*wanted.values(), limit]).fetchall()


def _counts(connection: sqlite3.Connection, run_ids: list[int]) -> dict[int, dict[str, int]]:
    """Outcome counts per run, keyed like :func:`qatron.models.count_outcomes`."""
    counts = {run_id: count_outcomes([]) for run_id in run_ids}
    if not run_ids:
        return counts
    query = ("SELECT run_id, outcome, count(*), sum(CASE WHEN flaky THEN 1 ELSE 0 END) "
             f"FROM test_results WHERE run_id IN ({', '.join('?' * len(run_ids))}) "
             "GROUP BY run_id, outcome")
    for run_id, outcome, number, flaky_number in connection.execute(query, run_ids):
        run_counts = counts[run_id]
        run_counts[outcome] = run_counts.get(outcome, 0) + number
        run_counts["total"] += number
        run_counts["flaky"] += int(flaky_number or 0)
    return counts


def _record(row: tuple[Any, ...], counts: dict[str, int]) -> RunRecord:
    (run_id, project, suite, environment, status, branch, commit, created_at, started_at,
     finished_at, message, run_dir, flow_run_id, params, owner, sharding,
     folder_removed_at) = row
    return RunRecord(
        id=run_id, project=project, suite=suite, environment=environment,
        status=RunStatus(status), branch=branch, commit=commit,
        created_at=_utc(datetime.fromisoformat(created_at)),
        started_at=_moment(started_at), finished_at=_moment(finished_at), message=message,
        run_dir=run_dir, flow_run_id=flow_run_id, params=_json(params) or {}, counts=counts,
        owner=_json(owner), sharding=sharding, folder_removed_at=_moment(folder_removed_at))


def _moment(stored: str | None) -> datetime | None:
    """A stored datetime as the store's UTCDateTime reads it: timezone-aware UTC."""
    return None if stored is None else _utc(datetime.fromisoformat(stored))


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _json(stored: str | None) -> Any:
    return None if stored is None else json.loads(stored)
