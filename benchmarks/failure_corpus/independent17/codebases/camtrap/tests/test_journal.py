from __future__ import annotations

from camtrap import config
from camtrap.journal import history, record_deployment


def test_record_deployment(settings: config.Settings) -> None:
    record_deployment(settings.journal_db, "BSH-1003", "MARSH-4", "deployed", "2026-04-01T09:00")
    assert history(settings.journal_db, "BSH-1003") == [("deployed", "MARSH-4")]


def test_deployment_history_in_order(settings: config.Settings) -> None:
    record_deployment(settings.journal_db, "BSH-1004", "RIDGE-1", "retrieved", "2026-04-09T10:00")
    record_deployment(settings.journal_db, "BSH-1004", "RIDGE-1", "deployed", "2026-04-02T10:00")
    assert [a for a, _ in history(settings.journal_db, "BSH-1004")] == ["deployed", "retrieved"]
