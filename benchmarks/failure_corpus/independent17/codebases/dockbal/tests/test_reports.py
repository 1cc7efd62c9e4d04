from __future__ import annotations

import csv
from datetime import date
from pathlib import Path
from typing import Any

from dockbal import config
from dockbal.balancer import PlannedMove
from dockbal.reports import write_report


def test_write_daily_report(settings: config.Settings) -> None:
    path = write_report(settings.report_dir, date(2026, 5, 3), [PlannedMove("A", "B", 4)])
    assert path.read_text().splitlines() == ["from,to,bikes", "A,B,4"]


def test_report_from_planned_moves(tmp_path: Path, plan_fixture: dict[str, Any]) -> None:
    moves = [PlannedMove(**m) for m in plan_fixture["moves"]]
    path = write_report(str(tmp_path), date.fromisoformat(plan_fixture["day"]), moves)
    with path.open() as handle:
        rows = list(csv.DictReader(handle))
    assert sum(int(r["bikes"]) for r in rows) == 10
