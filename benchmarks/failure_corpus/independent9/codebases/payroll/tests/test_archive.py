from collections.abc import Iterator
from decimal import Decimal

import pytest

from payrun import archive
from payrun.config import Settings
from payrun.errors import ArchiveError
from payrun.store import Employee, Store


@pytest.fixture
def closed_period(store: Store, staff: dict[str, Employee], settings: Settings) -> Iterator[str]:
    for code, net in (("E001", "800"), ("E002", "600")):
        store.save_payslip(staff[code].id, "2026-09", Decimal("1000"), Decimal("100"),
                           Decimal("100"), Decimal(net))
    yield "2026-09"
    archive.purge(settings.archive_dsn)


def test_period_archived(store: Store, settings: Settings, closed_period: str) -> None:
    assert archive.archive_period(store, settings.archive_dsn, closed_period) == 2
    assert archive.archived(settings.archive_dsn, closed_period) == ["E001", "E002"]


def test_other_periods_untouched(store: Store, settings: Settings, closed_period: str) -> None:
    archive.archive_period(store, settings.archive_dsn, closed_period)
    assert archive.archived(settings.archive_dsn, "2026-08") == []


def test_empty_period_archives_nothing(store: Store, settings: Settings) -> None:
    assert archive.archive_period(store, settings.archive_dsn, "2025-01") == 0


def test_unreachable_archive_reported(store: Store) -> None:
    with pytest.raises(ArchiveError):
        archive.archive_period(store, "postgresql://nobody@127.0.0.1:9/none", "2026-09")
