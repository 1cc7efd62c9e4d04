import datetime as dt
from decimal import Decimal

import pytest

from docketline import fees, store

FILED = dt.datetime(2026, 3, 2, 10, 0)


def test_schedule_lists_every_document_type() -> None:
    assert set(fees.schedule()["documents"]) == {"MOTION", "BRIEF", "EXHIBIT", "ORDER", "NOTICE"}


@pytest.mark.parametrize(
    ("document_type", "pages", "expected"),
    [
        ("MOTION", 5, Decimal("45.00")),
        ("BRIEF", 10, Decimal("60.00")),
        ("BRIEF", 14, Decimal("61.00")),
        ("EXHIBIT", 1, Decimal("15.00")),
        ("ORDER", 40, Decimal("7.50")),
    ],
)
def test_filing_fee(document_type: str, pages: int, expected: Decimal) -> None:
    assert fees.filing_fee(document_type, pages, FILED) == expected


def test_no_surcharge_when_filed_on_time() -> None:
    due = FILED + dt.timedelta(hours=1)
    assert fees.filing_fee("MOTION", 5, FILED, due) == Decimal("45.00")


def test_late_surcharge_is_ten_percent() -> None:
    due = FILED - dt.timedelta(days=1)
    assert fees.filing_fee("MOTION", 5, FILED, due) == Decimal("49.50")


def test_late_surcharge_rounds_half_up() -> None:
    due = FILED - dt.timedelta(days=1)
    assert fees.filing_fee("NOTICE", 11, FILED, due) == Decimal("11.28")


def test_to_cents() -> None:
    assert fees.to_cents(Decimal("61.005")) == 6101


def test_brief_fee_is_recorded(db: store.Connection, case: tuple[int, str], uid: str) -> None:
    filing_id, _ = store.file_document(db, case[0], "BRIEF", "Brief", "CA-100200", FILED, 14)
    cents = fees.to_cents(fees.filing_fee("BRIEF", 14, FILED))
    store.record_payment(db, case[0], filing_id, cents, f"rcpt-{uid}")
    assert store.paid_total(db, case[0]) == 6100
