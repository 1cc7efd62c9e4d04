"""HTML digest of tickets for the e-mail bulletin."""

from __future__ import annotations

import html
import json

from helpdesk.models import Ticket


def digest(tickets: list[Ticket]) -> str:
    """An HTML list with the tickets' data embedded for the bulletin's script."""
    items = "".join(f"<li>{html.escape(t.title)}</li>" for t in tickets)
    data = json.dumps([t.id for t in tickets])
    return f"<ul>{items}</ul><script type=\"application/json\">{data}</script>"
