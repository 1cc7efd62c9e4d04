"""The shared audit trail."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claims.audit import AuditLog
from claims.config import Settings


@pytest.fixture
def audit(settings: Settings) -> Iterator[AuditLog]:
    log = AuditLog(settings.audit_db)
    yield log
    log.close()


@pytest.mark.parametrize("actor", ["intake", "adjuster:Aino", "payments", "appeals-board"])
def test_record(audit: AuditLog, unique_claim: str, actor: str) -> None:
    audit.record(actor, "opened", unique_claim)
    assert audit.trail(unique_claim) == [(actor, "opened")]


def test_trail_order(audit: AuditLog, unique_claim: str) -> None:
    for action in ("opened", "assessed", "paid"):
        audit.record("system", action, unique_claim)
    assert [a for _, a in audit.trail(unique_claim)] == ["opened", "assessed", "paid"]
