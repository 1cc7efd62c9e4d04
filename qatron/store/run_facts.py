"""Facts recorded about a run after it was created, each in a column or table of its own.

Each write touches only its own fact, so two writers recording different facts of
one run at once never lose each other's (``runs.meta`` was one JSON value that
each of them read, changed and wrote back)::

    store.set_owner(run_id, owner_stamp())     # runs.owner
    store.set_sharding(run_id, "queue")        # runs.sharding
    store.mark_folder_removed(run_id)          # runs.folder_removed_at
    store.save_quarantine(run_id, matches)     # run_quarantine, the run's rows replaced
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from qatron.errors import StoreError
from qatron.quarantine import QuarantineMatch
from qatron.store.models import QuarantineRow, RunRow

__all__ = ["SHARDING_WIDTH", "load_quarantine", "lock_run", "mark_folder_removed",
           "save_quarantine", "set_owner", "set_sharding"]

Sessions = Callable[..., AbstractContextManager[Session]]
#: The longest sharding mode the column holds.
SHARDING_WIDTH = 16


def set_owner(sessions: Sessions, run_id: int, stamp: Mapping[str, object]) -> None:
    """Record the process running the run: ``{"host", "pid", "since"}``."""
    _set(sessions, run_id, "owner", owner=dict(stamp))


def set_sharding(sessions: Sessions, run_id: int, mode: str | None) -> None:
    """Record the sharding mode the run's shards were planned by (``"queue"``,
    ``"history"``); a resumed run plans its shards the same way."""
    if mode is not None and not 0 < len(mode) <= SHARDING_WIDTH:
        raise ValueError(f"sharding mode {mode!r}: expected 1 to {SHARDING_WIDTH} characters, "
                         "such as 'queue'")
    _set(sessions, run_id, "sharding mode", sharding=mode)


def mark_folder_removed(sessions: Sessions, run_id: int, when: datetime | None = None) -> None:
    """Record that the run's folder was removed, at ``when`` (default now)."""
    _set(sessions, run_id, "folder removal", folder_removed_at=when or datetime.now(UTC))


def save_quarantine(sessions: Sessions, run_id: int,
                    matches: Iterable[QuarantineMatch]) -> None:
    """Replace the run's quarantine matches with ``matches``, in one transaction."""
    rows = [_quarantine_values(run_id, match) for match in matches]
    with sessions(write=True) as session:
        lock_run(session, run_id, "quarantine")
        session.execute(delete(QuarantineRow).where(QuarantineRow.run_id == run_id))
        if rows:
            session.execute(insert(QuarantineRow), rows)


def load_quarantine(session: Session, run_id: int) -> list[QuarantineMatch]:
    """The run's quarantine matches, in the order they were saved."""
    query = select(QuarantineRow).where(QuarantineRow.run_id == run_id).order_by(QuarantineRow.id)
    return [QuarantineMatch(nodeid=row.nodeid, test=row.test, owner=row.owner,
                            reason=row.reason, until=row.until.isoformat(), expired=row.expired)
            for row in session.scalars(query)]


def lock_run(session: Session, run_id: int, what: str) -> None:
    """Hold the run's row until the transaction ends, so writers of one fact of one run
    take turns (SQLite writers already do: they begin IMMEDIATE); raise StoreError if
    there is no such run.

    ``FOR NO KEY UPDATE`` on PostgreSQL: rows that refer to the run can still be added.
    """
    found = session.scalar(select(RunRow.id).where(RunRow.id == run_id)
                           .with_for_update(key_share=True))
    if found is None:
        raise StoreError(f"run {run_id} does not exist: cannot record its {what}")


def _set(sessions: Sessions, run_id: int, what: str, **values: Any) -> None:
    """Set some columns of one run in one UPDATE."""
    statement = update(RunRow).where(RunRow.id == run_id).values(**values)
    with sessions(write=True) as session:
        if session.connection().execute(statement).rowcount == 0:
            raise StoreError(f"run {run_id} does not exist: cannot record its {what}")


def _quarantine_values(run_id: int, match: QuarantineMatch) -> dict[str, Any]:
    return {"run_id": run_id, "nodeid": match.nodeid, "test": match.test, "owner": match.owner,
            "reason": match.reason, "until": date.fromisoformat(match.until),
            "expired": match.expired}
