from __future__ import annotations

from pathlib import Path

from housekeep.sheets import linen_report, write_sheets


def test_write_room_sheets_for_whole_hotel(tmp_path: Path) -> None:
    rooms = [floor * 100 + n for floor in range(1, 7) for n in range(1, 41)]
    assert write_sheets(tmp_path / "sheets", rooms, "Marta") == 240


def test_write_sheets_for_one_floor(tmp_path: Path) -> None:
    assert write_sheets(tmp_path / "sheets", [101, 102], "Joao") == 2


def test_linen_report(report_dir: Path) -> None:
    path = linen_report(report_dir, {1: (60, 40), 3: (8, 10)})
    assert path.read_text().splitlines()[1] == "floor 3: 8 towels, 10 sheets"
