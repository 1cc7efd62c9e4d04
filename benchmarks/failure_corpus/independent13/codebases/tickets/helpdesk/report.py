"""Summaries of tickets for the morning stand-up."""

from __future__ import annotations

import csv
import io

from helpdesk.models import Ticket

RANK = {"urgent": 0, "high": 1, "low": 2}


def summary(tickets: list[Ticket]) -> list[str]:
    """One line per ticket, most urgent first, then by id."""
    ordered = sorted(tickets, key=lambda t: (RANK[t.priority], t.id))
    return [f"[{t.priority}] #{t.id} {t.title} ({t.assignee or 'unassigned'})" for t in ordered]


def to_csv(tickets: list[Ticket]) -> str:
    """CSV export with a header."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "title", "status", "priority", "assignee"])
    for t in tickets:
        writer.writerow([t.id, t.title, t.status, t.priority, t.assignee or ""])
    return out.getvalue()
