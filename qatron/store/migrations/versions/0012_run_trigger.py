"""``runs.triggered_by``: who or what triggered the run (``qatron.audit``), as JSON.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("runs", sa.Column("triggered_by", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.drop_column("runs", "triggered_by")  # SQLite 3.35+ drops a column in place
