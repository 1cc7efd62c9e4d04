from decimal import Decimal

import pytest

from payrun import reports
from payrun.config import Settings
from payrun.store import Employee, Store


@pytest.fixture
def paid(store: Store, staff: dict[str, Employee]) -> None:
    figures = {"E001": ("1000", "800"), "E002": ("700", "600"), "E003": ("2500", "1900")}
    for code, (gross, net) in figures.items():
        store.save_payslip(staff[code].id, "2026-11", Decimal(gross), Decimal("0"),
                           Decimal("0"), Decimal(net))


ROWS = [
    ("eng", "CC-300", Decimal("2500"), Decimal("1900")),
    ("ops", "CC-100", Decimal("1000"), Decimal("800")),
]


def test_totals_largest_first(settings: Settings, paid: None) -> None:
    rows = reports.department_totals(settings.reports_dsn, "2026-11")
    assert [r[0] for r in rows] == ["eng", "ops", "sales"]


def test_totals_carry_cost_centre(settings: Settings, paid: None) -> None:
    rows = reports.department_totals(settings.reports_dsn, "2026-11")
    assert rows[0][:3] == ("eng", "CC-300", Decimal("2500.00"))


def test_headcount_includes_empty_departments(
    settings: Settings, store: Store, staff: dict[str, Employee]
) -> None:
    store.add_department("legal", "Legal", "CC-400")
    assert reports.headcount(settings.reports_dsn) == {"ops": 1, "sales": 1, "eng": 1, "legal": 0}


def test_table_has_total_line() -> None:
    text = reports.render_totals(ROWS)
    assert text.splitlines()[-1].split() == ["TOTAL", "3,500.00", "2,700.00"]


def test_table_wraps_long_department_codes() -> None:
    text = reports.render_totals([("international-sales", "CC-900", Decimal("1"), Decimal("1"))])
    assert text.splitlines()[2].startswith("internationa ")
    assert "international-sales" not in text


def test_departments_of_report() -> None:
    assert reports.departments(ROWS) == {"eng", "ops"}
