"""``test_results.unstable_id``: the test ran under another id than the one planned.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-13
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("test_results", sa.Column("unstable_id", sa.Boolean(), nullable=False,
                                            server_default=sa.false()))


def downgrade() -> None:
    op.drop_column("test_results", "unstable_id")  # SQLite 3.35+ drops a column in place
