import datetime as dt
from pathlib import Path

from docketline import scheduling, store

DAY = dt.date(2026, 3, 4)


def _hearings(n: int) -> list[dict[str, object]]:
    return [
        {"case_number": f"CV-{i}", "kind": "motion", "minutes": 30,
         "starts_at": dt.datetime.combine(DAY, dt.time(9 + i))}
        for i in reversed(range(n))
    ]


def test_export_writes_xml(export_dir: Path) -> None:
    path = scheduling.export_calendar(export_dir, DAY, "A1", _hearings(3))
    assert path.name == "2026-03-04-A1.xml"
    assert path.read_text().startswith("<?xml")


def test_export_orders_by_start(export_dir: Path) -> None:
    path = scheduling.export_calendar(export_dir, DAY, "A2", _hearings(3))
    assert [h["start"] for h in scheduling.read_calendar(path)] == ["09:00", "10:00", "11:00"]


def test_export_names_weekday(export_dir: Path) -> None:
    path = scheduling.export_calendar(export_dir, DAY, "B1", [])
    assert 'weekday="WED"' in path.read_text()


def test_export_booked_hearings(
    export_dir: Path, db: store.Connection, case: tuple[int, str]
) -> None:
    store.schedule_hearing(db, case[0], dt.datetime(2026, 3, 6, 11, 0), 45, "sentencing", "B1")
    path = scheduling.export_calendar(export_dir, dt.date(2026, 3, 6), "B1",
                                      store.hearings_of(db, case[0]))
    [h] = scheduling.read_calendar(path)
    assert (h["case"], h["minutes"], h["start"]) == (case[1], "45", "11:00")
