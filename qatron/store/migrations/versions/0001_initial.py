"""Initial schema: runs, shards and test_results.

Revision ID: 0001
Revises:
Create Date: 2025-11-22
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _when(name: str) -> sa.Column[datetime]:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=True)


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project", sa.String(255), nullable=False),
        sa.Column("suite", sa.String(255), nullable=False),
        sa.Column("environment", sa.String(255), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        sa.Column("branch", sa.String(255), nullable=True),
        sa.Column("commit", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _when("started_at"),
        _when("finished_at"),
        sa.Column("message", sa.Text(), nullable=True),
        sa.Column("run_dir", sa.Text(), nullable=True),
        sa.Column("flow_run_id", sa.String(64), nullable=True),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_runs"),
    )
    op.create_index("ix_runs_project_suite_environment_id", "runs",
                    ["project", "suite", "environment", "id"])
    op.create_table(
        "shards",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False),
        _when("started_at"),
        _when("finished_at"),
        sa.Column("exit_code", sa.Integer(), nullable=True),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("planned", sa.Integer(), nullable=False),
        sa.Column("nodeids", sa.JSON(), nullable=False),
        sa.Column("junit_path", sa.Text(), nullable=True),
        sa.Column("log_path", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_shards"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_shards_run_id_runs"),
        sa.UniqueConstraint("run_id", "index", name="uq_shards_run_id_index"),
    )
    op.create_table(
        "test_results",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("shard_id", sa.Integer(), nullable=False),
        sa.Column("nodeid", sa.Text(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("duration", sa.Float(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("flaky", sa.Boolean(), nullable=False),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("traceback", sa.Text(), nullable=False),
        sa.Column("output_tail", sa.Text(), nullable=False),
        _when("started_at"),
        _when("finished_at"),
        sa.Column("markers", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_test_results"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="CASCADE",
                                name="fk_test_results_run_id_runs"),
        sa.ForeignKeyConstraint(["shard_id"], ["shards.id"], ondelete="CASCADE",
                                name="fk_test_results_shard_id_shards"),
    )
    op.create_index("ix_test_results_run_id_nodeid", "test_results", ["run_id", "nodeid"])
    # History of one test across a project's runs: nodeid -> run ids -> runs.project.
    op.create_index("ix_test_results_nodeid_run_id", "test_results", ["nodeid", "run_id"])
    op.create_index("ix_test_results_shard_id", "test_results", ["shard_id"])


def downgrade() -> None:
    op.drop_table("test_results")
    op.drop_table("shards")
    op.drop_table("runs")
