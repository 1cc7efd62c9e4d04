from __future__ import annotations

import json
from pathlib import Path

from loankiosk import notices


def test_overdue_reminder_is_relayed(relay_spool: Path) -> None:
    notices.send_reminder("ada@example.org", "The Odyssey", 4)
    sent = [json.loads(line) for line in relay_spool.read_text().splitlines()]
    assert any("The Odyssey is 4 days late." in mail["data"] for mail in sent)


def test_hold_ready_notice() -> None:
    result = notices.send_hold_ready("bo@example.org", "Walden")
    assert result.ok, result.error
