"""``run_failures`` (each analysed failure of a run), ``notification_claims`` (a message
claimed before it is sent, at most once per run, team, cluster and notifier) and
``failure_labels`` (a person's category and team for a cluster's fingerprint). Failures
already stored in ``failure_analyses`` are copied into ``run_failures``.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_ANALYSES = sa.table("failure_analyses", sa.column("run_id", sa.Integer()),
                     sa.column("failures", sa.JSON()))


def upgrade() -> None:
    failures = op.create_table(
        "run_failures",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("nodeid", sa.Text(), nullable=False),
        sa.Column("category", sa.String(255), nullable=False),
        sa.Column("team", sa.String(255), nullable=False),
        sa.Column("cluster", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_run_failures"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_run_failures_run_id_runs"),
        sa.UniqueConstraint("run_id", "position", name="uq_run_failures_run_id_position"),
    )
    op.create_index("ix_run_failures_cluster", "run_failures", ["cluster"])
    op.create_table(
        "notification_claims",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(255), nullable=False),
        sa.Column("cluster", sa.String(64), nullable=False),
        sa.Column("notifier", sa.String(255), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("claimed_by", sa.String(255), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_notification_claims"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_notification_claims_run_id_runs"),
        sa.UniqueConstraint("run_id", "team", "cluster", "notifier",
                            name="uq_notification_claims_run_id_team_cluster_notifier"),
    )
    op.create_table(
        "failure_labels",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project", sa.String(255), nullable=False),
        sa.Column("cluster", sa.String(64), nullable=False),
        sa.Column("fingerprint", sa.Text(), nullable=False),
        sa.Column("category", sa.String(255), nullable=False),
        sa.Column("team", sa.String(255), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("labelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("labelled_by", sa.String(255), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_failure_labels"),
        sa.UniqueConstraint("project", "cluster", name="uq_failure_labels_project_cluster"),
    )
    _copy_failures(failures)


def _copy_failures(failures: sa.Table) -> None:
    """One row per failure already kept as JSON in ``failure_analyses``."""
    bind = op.get_bind()
    rows: list[dict[str, Any]] = []
    for run_id, items in bind.execute(sa.select(_ANALYSES.c.run_id, _ANALYSES.c.failures)):
        rows += [_row(run_id, position, item) for position, item in enumerate(items or [])
                 if isinstance(item, dict)]
    if rows:
        op.bulk_insert(failures, rows)


def _row(run_id: int, position: int, item: dict[str, Any]) -> dict[str, Any]:
    def text(key: str) -> str:
        return str(item.get(key) or "")

    return {"run_id": run_id, "position": position, "nodeid": text("nodeid"),
            "category": text("category"), "team": text("team"), "cluster": text("cluster"),
            "fingerprint": text("fingerprint"), "evidence": text("evidence"),
            "confidence": float(item.get("confidence") or 0.0)}


def downgrade() -> None:
    op.drop_table("failure_labels")
    op.drop_table("notification_claims")
    op.drop_index("ix_run_failures_cluster", "run_failures")
    op.drop_table("run_failures")
