from __future__ import annotations

from camtrap.timeline import group_by_night, latest_first, night_label

CAPTURES = [{"taken_at": "2026-04-01T22:10:00"}, {"taken_at": "2026-04-02T03:05:00"},
            {"taken_at": "2026-04-02T21:40:00"}]


def test_latest_first() -> None:
    assert [c["taken_at"][:10] for c in latest_first(CAPTURES)] == [
        "2026-04-02", "2026-04-02", "2026-04-01"]


def test_small_hours_belong_to_previous_night() -> None:
    assert night_label("2026-04-02T03:05:00") == "night of 01 Apr 2026"


def test_group_by_night() -> None:
    assert group_by_night(CAPTURES) == {"night of 01 Apr 2026": 2, "night of 02 Apr 2026": 1}
