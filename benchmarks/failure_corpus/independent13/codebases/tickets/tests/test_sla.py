"""SLA deadlines."""

from __future__ import annotations

from datetime import UTC, datetime

from helpdesk.models import Ticket
from helpdesk.sla import breached, due_at

MONDAY = datetime(2026, 11, 2, 9, tzinfo=UTC)


def test_due_low() -> None:
    assert due_at(MONDAY, "low") == datetime(2026, 11, 5, 9, tzinfo=UTC)


def test_due_urgent() -> None:
    assert due_at(MONDAY, "urgent") == datetime(2026, 11, 2, 13, tzinfo=UTC)


def test_due_over_weekend() -> None:
    friday = datetime(2026, 11, 6, 20, tzinfo=UTC)
    assert due_at(friday, "high") == datetime(2026, 11, 9, 20, tzinfo=UTC)


def test_breached() -> None:
    assert breached(MONDAY, "high", datetime(2026, 11, 4, tzinfo=UTC))
    assert not breached(MONDAY, "high", datetime(2026, 11, 2, 12, tzinfo=UTC))


def test_sample_deadline(sample_ticket: Ticket) -> None:
    assert due_at(sample_ticket.created, sample_ticket.priority).day == 4


def test_sample_not_breached(sample_ticket: Ticket) -> None:
    assert not breached(sample_ticket.created, sample_ticket.priority,
                        datetime(2026, 11, 4, 12, tzinfo=UTC))
