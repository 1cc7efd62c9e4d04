from decimal import Decimal
from pathlib import Path

import pytest

from payrun import calc, run
from payrun.bank import BankClient
from payrun.calc import Band, Payslip
from payrun.config import Settings
from payrun.errors import PayrollError
from payrun.store import Employee, Store
from payrun.tax import TaxClient

FLAT = [Band(Decimal("0"), None, Decimal("0.1"))]


def slips() -> list[Payslip]:
    return [
        Payslip("E001", "2026-11", Decimal("1000.00"), Decimal("100.00"), Decimal("50.00"),
                Decimal("850.00")),
        Payslip("E002", "2026-11", Decimal("800.00"), Decimal("80.00"), Decimal("40.00"),
                Decimal("680.00")),
    ]


def test_compute_everyone(store: Store, staff: dict[str, Employee]) -> None:
    for e in staff.values():
        store.record_hours(e.id, "2026-11", [("2026-11-02", Decimal("10"), "day")])
    result, progress = run.compute(store, list(staff.values()), "2026-11",
                                   {"north": FLAT, "south": FLAT})
    assert progress.done == 3 and progress.failed == []
    assert {s.employee: s.gross for s in result} == {
        "E001": Decimal("200.00"), "E002": Decimal("185.00"), "E003": Decimal("312.50"),
    }


def test_compute_counts_missing_region(store: Store, staff: dict[str, Employee]) -> None:
    result, progress = run.compute(store, list(staff.values()), "2026-11", {"north": FLAT})
    assert progress.failed == ["E002"]
    assert len(result) == 2


def test_payslips_with_live_rates(tax: TaxClient) -> None:
    month = [(Decimal("100"), "day")]
    north = calc.payslip("E001", "2026-11", Decimal("20"), month, tax.bands("north", 2026))
    south = calc.payslip("E002", "2026-11", Decimal("18.50"), month, tax.bands("south", 2026))
    assert (north.tax, south.tax) == (Decimal("200.00"), Decimal("117.00"))


def test_sample_timesheet_loaded(
    store: Store, staff: dict[str, Employee], sample_timesheet: Path
) -> None:
    assert run.load_timesheet(store, sample_timesheet, "2026-11") == 6
    assert len(store.hours(staff["E001"].id, "2026-11")) == 3


def test_delivered_november_loaded(
    store: Store, staff: dict[str, Employee], settings: Settings
) -> None:
    path = settings.data_dir / "timesheets" / "2026-11.csv"
    assert run.load_timesheet(store, path, "2026-11") == 8


def test_unknown_employee_rejects_file(
    store: Store, staff: dict[str, Employee], tmp_path: Path
) -> None:
    path = tmp_path / "2026-11.csv"
    path.write_text("employee,date,hours,shift\nE404,2026-11-02,8,day\n")
    with pytest.raises(PayrollError, match="unknown employee E404"):
        run.load_timesheet(store, path, "2026-11")


def test_bank_file_layout(out_dir: Path, accounts: dict[str, str]) -> None:
    target = run.bank_file(slips(), accounts, out_dir / "bank" / "2026-11.txt")
    assert target.read_text().splitlines() == [
        "HDR|2026-11|2",
        "PAY|E001|GB11PAYR00010001|850.00",
        "PAY|E002|GB22PAYR00020002|680.00",
        "TRL|2|1530.00",
    ]


def test_pay_stores_and_submits(
    store: Store, staff: dict[str, Employee], bank: BankClient, accounts: dict[str, str]
) -> None:
    batch_id = run.pay(store, bank, slips(), accounts)
    assert batch_id.startswith("B")
    assert store.payslips("2026-11") == [
        ("E001", Decimal("1000.00"), Decimal("850.00")),
        ("E002", Decimal("800.00"), Decimal("680.00")),
    ]
    assert store.audit_trail()[-1][1].startswith("submitted PAY-2026-11")
