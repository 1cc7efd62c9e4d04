"""Facts about a run in columns and tables of their own, out of ``runs.meta``.

``meta["owner"]`` → ``runs.owner``; ``params["sharding"]`` → ``runs.sharding``;
``meta["files_removed_at"]`` → ``runs.folder_removed_at``; ``meta["quarantine"]``
→ ``run_quarantine``; ``meta["failures"]`` and ``meta["failure_clusters"]`` →
``failure_analyses``; ``meta["notified"]`` → ``run_notifications``. The moved
keys leave ``meta`` and ``params``; the downgrade puts them back.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_REMOVED, _OWNER, _QUARANTINE, _NOTIFIED = "files_removed_at", "owner", "quarantine", "notified"
_FAILURES, _CLUSTERS = "failures", "failure_clusters"
_MOVED = (_REMOVED, _OWNER, _QUARANTINE, _NOTIFIED, _FAILURES, _CLUSTERS)

_runs = sa.table(
    "runs", sa.column("id", sa.Integer()), sa.column("params", sa.JSON()),
    sa.column("meta", sa.JSON()), sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("finished_at", sa.DateTime(timezone=True)),
    sa.column("owner", sa.JSON(none_as_null=True)),
    sa.column("sharding", sa.String(16)),
    sa.column("folder_removed_at", sa.DateTime(timezone=True)))
_quarantine = sa.table(
    "run_quarantine", sa.column("run_id", sa.Integer()), sa.column("nodeid", sa.Text()),
    sa.column("test", sa.Text()), sa.column("owner", sa.Text()), sa.column("reason", sa.Text()),
    sa.column("until", sa.Date()), sa.column("expired", sa.Boolean()))
_analyses = sa.table(
    "failure_analyses", sa.column("run_id", sa.Integer()),
    sa.column("analysed_at", sa.DateTime(timezone=True)), sa.column("failures", sa.JSON()),
    sa.column("clusters", sa.JSON()))
_notifications = sa.table(
    "run_notifications", sa.column("run_id", sa.Integer()), sa.column("key", sa.Text()),
    sa.column("sent_at", sa.DateTime(timezone=True)))


def upgrade() -> None:
    op.add_column("runs", sa.Column("owner", sa.JSON(), nullable=True))
    op.add_column("runs", sa.Column("sharding", sa.String(16), nullable=True))
    op.add_column("runs", sa.Column("folder_removed_at", sa.DateTime(timezone=True),
                                    nullable=True))
    _create_tables()
    connection = op.get_bind()
    for run in connection.execute(sa.select(_runs)).mappings().all():
        _move_out(connection, run)


def downgrade() -> None:
    connection = op.get_bind()
    for run in connection.execute(sa.select(_runs)).mappings().all():
        _move_back(connection, run)
    op.drop_table("run_notifications")
    op.drop_table("failure_analyses")
    op.drop_table("run_quarantine")
    for column in ("folder_removed_at", "sharding", "owner"):
        op.drop_column("runs", column)  # SQLite 3.35+ drops a column in place


def _create_tables() -> None:
    op.create_table(
        "run_quarantine",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("nodeid", sa.Text(), nullable=False),
        sa.Column("test", sa.Text(), nullable=False),
        sa.Column("owner", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("expired", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_run_quarantine"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_run_quarantine_run_id_runs"),
    )
    op.create_index("ix_run_quarantine_run_id", "run_quarantine", ["run_id"])
    op.create_table(
        "failure_analyses",
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("analysed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("failures", sa.JSON(), nullable=False),
        sa.Column("clusters", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("run_id", name="pk_failure_analyses"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_failure_analyses_run_id_runs"),
    )
    op.create_table(
        "run_notifications",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.Text(), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_run_notifications"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_run_notifications_run_id_runs"),
        sa.UniqueConstraint("run_id", "key", name="uq_run_notifications_run_id_key"),
    )


def _move_out(connection: sa.Connection, run: sa.RowMapping) -> None:
    """Copy one run's facts from meta and params into the new places, then drop them there."""
    meta, params = dict(run["meta"] or {}), dict(run["params"] or {})
    if not any(key in meta for key in _MOVED) and "sharding" not in params:
        return
    run_id = run["id"]
    when = _utc(run["finished_at"] or run["created_at"]) or datetime.now(UTC)
    owner = meta.get(_OWNER)
    removed = _timestamp(meta[_REMOVED]) if _REMOVED in meta else None
    connection.execute(sa.update(_runs).where(_runs.c.id == run_id).values(
        owner=owner if isinstance(owner, dict) else None,
        sharding=params.pop("sharding", None),
        folder_removed_at=(removed or when) if _REMOVED in meta else None,
        meta={key: value for key, value in meta.items() if key not in _MOVED},
        params=params))
    matches = [_quarantine_row(run_id, match) for match in meta.get(_QUARANTINE) or []]
    if matches:
        connection.execute(sa.insert(_quarantine), matches)
    if _FAILURES in meta or _CLUSTERS in meta:
        connection.execute(sa.insert(_analyses).values(
            run_id=run_id, analysed_at=when, failures=list(meta.get(_FAILURES) or []),
            clusters=list(meta.get(_CLUSTERS) or [])))
    keys = list(dict.fromkeys(str(key) for key in meta.get(_NOTIFIED) or []))
    if keys:
        connection.execute(sa.insert(_notifications),
                           [{"run_id": run_id, "key": key, "sent_at": when} for key in keys])


def _move_back(connection: sa.Connection, run: sa.RowMapping) -> None:
    """Put one run's facts back into meta and params (the schema of revision 0004)."""
    run_id = run["id"]
    meta, params = dict(run["meta"] or {}), dict(run["params"] or {})
    if run["owner"] is not None:
        meta[_OWNER] = run["owner"]
    if run["sharding"] is not None:
        params["sharding"] = run["sharding"]
    removed = _utc(run["folder_removed_at"])
    if removed is not None:
        meta[_REMOVED] = removed.isoformat(timespec="seconds")
    matches = connection.execute(sa.select(_quarantine).where(_quarantine.c.run_id == run_id)
                                 .order_by(sa.text("id"))).mappings().all()
    if matches:
        meta[_QUARANTINE] = [{"nodeid": m["nodeid"], "test": m["test"], "owner": m["owner"],
                              "reason": m["reason"], "until": m["until"].isoformat(),
                              "expired": bool(m["expired"])} for m in matches]
    analysis = connection.execute(sa.select(_analyses).where(_analyses.c.run_id == run_id)
                                  ).mappings().first()
    if analysis is not None:
        meta[_FAILURES], meta[_CLUSTERS] = analysis["failures"], analysis["clusters"]
    keys = connection.execute(sa.select(_notifications.c.key).where(
        _notifications.c.run_id == run_id).order_by(sa.text("id"))).scalars().all()
    if keys:
        meta[_NOTIFIED] = list(keys)
    connection.execute(sa.update(_runs).where(_runs.c.id == run_id).values(meta=meta,
                                                                             params=params))


def _quarantine_row(run_id: int, match: dict[str, Any]) -> dict[str, Any]:
    return {"run_id": run_id, "nodeid": match["nodeid"], "test": match["test"],
            "owner": match["owner"], "reason": match["reason"],
            "until": date.fromisoformat(str(match["until"])), "expired": bool(match["expired"])}


def _timestamp(value: object) -> datetime | None:
    """An ISO timestamp as stored in meta, in UTC; None if it is not one."""
    try:
        return _utc(datetime.fromisoformat(str(value)))
    except ValueError:
        return None


def _utc(value: datetime | None) -> datetime | None:
    """UTC, naive values taken as UTC: SQLite keeps the wall time without its offset."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
