"""``test_results.attachments``: the evidence files a test left (a JSON list of paths).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("test_results", sa.Column("attachments", sa.Text(), nullable=False,
                                            server_default="[]"))


def downgrade() -> None:
    op.drop_column("test_results", "attachments")  # SQLite 3.35+ drops a column in place
