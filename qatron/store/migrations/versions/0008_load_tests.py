"""``load_tests`` and their figures: per endpoint, over time, errors, the target's CPU and
memory, and the verdict of each criterion.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The figures of an endpoint (and of the whole test, in ``load_tests``).
FIGURES = ("rps", "avg_ms", "min_ms", "max_ms", "p50_ms", "p90_ms", "p95_ms", "p99_ms")


def _figures() -> list[sa.Column[Any]]:
    return [sa.Column("requests", sa.Integer(), nullable=False),
            sa.Column("failures", sa.Integer(), nullable=False),
            *(sa.Column(name, sa.Float(), nullable=False) for name in FIGURES)]


def _child(table: str, *columns: sa.Column[Any]) -> None:
    """A table of one load test's rows, removed with it."""
    op.create_table(
        table,
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("load_test_id", sa.Integer(), nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("id", name=f"pk_{table}"),
        sa.ForeignKeyConstraint(["load_test_id"], ["load_tests.id"], ondelete="CASCADE",
                                name=f"fk_{table}_load_test_id_load_tests"),
    )
    op.create_index(f"ix_{table}_load_test_id", table, ["load_test_id"])


def upgrade() -> None:
    op.create_table(
        "load_tests",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("target", sa.Text(), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("users_peak", sa.Integer(), nullable=False),
        sa.Column("workers", sa.Integer(), nullable=False),
        sa.Column("baseline_run_id", sa.Integer(), nullable=True),
        *_figures(),
        sa.Column("hints", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_load_tests"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_load_tests_run_id_runs"),
        sa.ForeignKeyConstraint(["baseline_run_id"], ["runs.id"], ondelete="SET NULL",
                                name="fk_load_tests_baseline_run_id_runs"),
        sa.UniqueConstraint("run_id", "name", name="uq_load_tests_run_id_name"),
    )
    op.create_index("ix_load_tests_name_run_id", "load_tests", ["name", "run_id"])
    _child("load_endpoints",
           sa.Column("position", sa.Integer(), nullable=False),
           sa.Column("name", sa.Text(), nullable=False),
           sa.Column("method", sa.String(16), nullable=False),
           *_figures())
    _child("load_timeline",
           sa.Column("t", sa.Float(), nullable=False),
           sa.Column("users", sa.Integer(), nullable=False),
           sa.Column("rps", sa.Float(), nullable=False),
           sa.Column("failures_per_s", sa.Float(), nullable=False),
           sa.Column("p50_ms", sa.Float(), nullable=False),
           sa.Column("p95_ms", sa.Float(), nullable=False))
    _child("load_errors",
           sa.Column("position", sa.Integer(), nullable=False),
           sa.Column("method", sa.String(16), nullable=False),
           sa.Column("name", sa.Text(), nullable=False),
           sa.Column("error", sa.Text(), nullable=False),
           sa.Column("occurrences", sa.Integer(), nullable=False),
           sa.Column("first_seen", sa.Float(), nullable=True))
    _child("load_resources",
           sa.Column("t", sa.Float(), nullable=False),
           sa.Column("cpu_percent", sa.Float(), nullable=False),
           sa.Column("memory_mb", sa.Float(), nullable=False))
    _child("load_verdicts",
           sa.Column("position", sa.Integer(), nullable=False),
           sa.Column("criterion", sa.String(64), nullable=False),
           sa.Column("limit", sa.Float(), nullable=False),
           sa.Column("measured", sa.Float(), nullable=True),
           sa.Column("passed", sa.Boolean(), nullable=False),
           sa.Column("text", sa.Text(), nullable=False),
           sa.Column("baseline_run_id", sa.Integer(), nullable=True),
           sa.Column("baseline", sa.Float(), nullable=True))


def downgrade() -> None:
    for table in ("load_verdicts", "load_resources", "load_errors", "load_timeline",
                  "load_endpoints", "load_tests"):
        op.drop_table(table)
