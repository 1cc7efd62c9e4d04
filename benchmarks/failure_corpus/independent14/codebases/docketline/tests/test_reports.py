import datetime as dt

from docketline import reports, store
from docketline.config import Settings


def test_caseload_by_type(settings: Settings, db: store.Connection, uid: str) -> None:
    for n, kind in enumerate(["civil", "civil", "family"]):
        store.open_case(db, f"R{uid}-{n}", "Report case", kind)
    assert reports.caseload_by_type(settings, f"R{uid}") == {"civil": 2, "family": 1}


def test_filings_per_day(settings: Settings, db: store.Connection, case: tuple[int, str]) -> None:
    for day in (2, 2, 3):
        when = dt.datetime(2026, 3, day, 10, 0, tzinfo=dt.UTC)
        store.file_document(db, case[0], "NOTICE", "Notice", "CA-100201", when, 1)
    got = reports.filings_per_day(settings, case[1])
    assert sorted(got.values()) == [1, 2]


def test_reporting_role_is_read_only(settings: Settings) -> None:
    assert reports.can_write(settings) is False
