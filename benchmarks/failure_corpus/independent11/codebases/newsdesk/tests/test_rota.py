from __future__ import annotations

from datetime import date

from newsdesk.config import Settings
from newsdesk.rota import editors_on, read_rota


class TestRota:
    def test_read_rota(self, settings: Settings) -> None:
        shifts = read_rota(settings.inbox_dir / "desk_rota.csv")
        assert len(shifts) == 6

    def test_editors_on(self, settings: Settings) -> None:
        shifts = read_rota(settings.inbox_dir / "desk_rota.csv")
        assert editors_on(shifts, date(2026, 12, 7), "metro") == ["ana", "ben", "cy"]
