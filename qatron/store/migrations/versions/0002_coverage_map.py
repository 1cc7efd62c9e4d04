"""Per-test coverage maps: coverage_tests and coverage_files.

Revision ID: 0002
Revises: 0001
Create Date: 2025-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "coverage_tests",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project", sa.String(255), nullable=False),
        sa.Column("application", sa.String(255), nullable=False),
        sa.Column("nodeid", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coverage_tests"),
        sa.UniqueConstraint("project", "application", "nodeid",
                            name="uq_coverage_tests_project_application_nodeid"),
    )
    op.create_table(
        "coverage_files",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("project", sa.String(255), nullable=False),
        sa.Column("application", sa.String(255), nullable=False),
        sa.Column("path", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lines", sa.JSON(), nullable=False),
        sa.Column("stale", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_coverage_files"),
        sa.ForeignKeyConstraint(["run_id"], ["runs.id"], ondelete="SET NULL",
                                name="fk_coverage_files_run_id_runs"),
        sa.UniqueConstraint("project", "application", "path",
                            name="uq_coverage_files_project_application_path"),
    )
    op.create_index("ix_coverage_files_run_id", "coverage_files", ["run_id"])


def downgrade() -> None:
    op.drop_table("coverage_files")
    op.drop_table("coverage_tests")
