from __future__ import annotations

from boxoffice.venues import capacity, seat_map


def test_seat_map_riverside() -> None:
    plan = seat_map("riverside")
    assert plan["venue"] == "riverside"
    assert plan["rows"][0] == "A"


def test_capacity_riverside() -> None:
    assert capacity("riverside") == 40


def test_capacity_old_chapel() -> None:
    assert capacity("old-chapel") == 24


def test_accessible_seats() -> None:
    assert seat_map("old-chapel")["accessible"] == ["A1", "A2"]
