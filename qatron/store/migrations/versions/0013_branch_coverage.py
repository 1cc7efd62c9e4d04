"""``run_coverage.branches`` and ``covered_branches``: a run's branch coverage per layer.

Both are null for coverage recorded before branches were measured.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("run_coverage", sa.Column("branches", sa.Integer(), nullable=True))
    op.add_column("run_coverage", sa.Column("covered_branches", sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column("run_coverage", "covered_branches")  # SQLite 3.35+ drops a column in place
    op.drop_column("run_coverage", "branches")
