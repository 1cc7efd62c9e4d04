from decimal import Decimal

import pytest

from payrun.errors import DuplicateEmployee
from payrun.store import Employee, Store


def test_employee_round_trip(store: Store, staff: dict[str, Employee]) -> None:
    found = store.employee("E002")
    assert found is not None
    assert (found.name, found.department, found.hourly_rate) == ("Bo Lind", "sales",
                                                                 Decimal("18.50"))


def test_employees_listed_by_code(store: Store, staff: dict[str, Employee]) -> None:
    assert [e.code for e in store.employees()] == ["E001", "E002", "E003"]


def test_duplicate_code_refused(store: Store, staff: dict[str, Employee]) -> None:
    with pytest.raises(DuplicateEmployee):
        store.add_employee("E001", "Someone Else", "ops", Decimal("12"), "BR")


def test_contractor_without_tax_code(store: Store, staff: dict[str, Employee]) -> None:
    contractor = store.add_employee("C900", "Dee Contract", "eng", Decimal("55"))
    assert contractor.tax_code is None
    assert store.employee("C900") == contractor


def test_contractor_default_region(store: Store, staff: dict[str, Employee]) -> None:
    store.add_employee("C901", "Eli Contract", "ops", Decimal("48"))
    found = store.employee("C901")
    assert found is not None and found.region == "north"


def test_hours_recorded_and_read_back(store: Store, staff: dict[str, Employee]) -> None:
    ada = staff["E001"]
    count = store.record_hours(ada.id, "2026-11", [
        ("2026-11-03", Decimal("8"), "day"), ("2026-11-02", Decimal("7.5"), "night"),
    ])
    assert count == 2
    assert store.hours(ada.id, "2026-11") == [(Decimal("7.50"), "night"), (Decimal("8.00"), "day")]


def test_long_shift_recorded(store: Store, staff: dict[str, Employee]) -> None:
    cy = staff["E003"]
    store.record_hours(cy.id, "2026-11", [("2026-11-05", Decimal("14"), "day")])
    assert store.hours(cy.id, "2026-11") == [(Decimal("14.00"), "day")]


def test_allowances_summed(store: Store, staff: dict[str, Employee]) -> None:
    ada = staff["E001"]
    store.add_allowance(ada.id, "travel", Decimal("40.00"))
    store.add_allowance(ada.id, "meals", Decimal("12.50"))
    assert store.allowances(ada.id) == Decimal("52.50")


def test_no_allowances_is_zero(store: Store, staff: dict[str, Employee]) -> None:
    assert store.allowances(staff["E002"].id) == Decimal("0")


def test_deleting_employee_removes_hours(store: Store, staff: dict[str, Employee]) -> None:
    bo = staff["E002"]
    store.record_hours(bo.id, "2026-11", [("2026-11-02", Decimal("8"), "day")])
    assert store.delete_employee("E002")
    assert store.hours(bo.id, "2026-11") == []


def test_audit_trail_in_order(store: Store) -> None:
    store.audit("alice", "opened 2026-11")
    store.audit("bob", "closed 2026-11")
    assert store.audit_trail() == [("alice", "opened 2026-11"), ("bob", "closed 2026-11")]


def test_batch_status_updated(store: Store) -> None:
    store.record_batch("PAY-2026-10", "2026-10", Decimal("1000.00"))
    store.set_batch_status("PAY-2026-10", "settled")
    row = store.conn.execute("SELECT status FROM bank_batches").fetchone()
    assert row == ("settled",)


def test_supplementary_batch_same_period(store: Store) -> None:
    store.record_batch("PAY-2026-10", "2026-10", Decimal("1000.00"))
    store.record_batch("PAY-2026-10-S1", "2026-10", Decimal("85.00"))
    count = store.conn.execute("SELECT count(*) FROM bank_batches").fetchone()
    assert count == (2,)
