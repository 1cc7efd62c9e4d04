"""A pay run: timesheets and rates in, payslips stored, bank file and batch out."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from payrun import calc, timesheets
from payrun.bank import BankClient, Payment
from payrun.calc import Band, Payslip
from payrun.errors import PayrollError
from payrun.store import Employee, Store

log = logging.getLogger(__name__)


@dataclass
class Progress:
    """Counts shared by the worker threads of a run."""

    done: int = 0
    failed: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def finish(self, code: str, ok: bool) -> None:
        with self.lock:
            self.done += 1
            if not ok:
                self.failed.append(code)


def compute(
    store: Store,
    employees: list[Employee],
    period: str,
    bands_by_region: dict[str, list[Band]],
    workers: int = 4,
) -> tuple[list[Payslip], Progress]:
    """Payslips of everyone, computed on a thread pool from the stored hours."""
    progress = Progress()
    hours = {e.code: store.hours(e.id, period) for e in employees}
    extras = {e.code: store.allowances(e.id) for e in employees}

    def one(employee: Employee) -> Payslip | None:
        try:
            slip = calc.payslip(
                employee.code, period, employee.hourly_rate, hours[employee.code],
                bands_by_region[employee.region], extras[employee.code],
            )
        except KeyError:
            log.exception("no rates for %s in %s", employee.code, employee.region)
            progress.finish(employee.code, False)
            return None
        progress.finish(employee.code, True)
        return slip

    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(one, employees))
    return [slip for slip in results if slip is not None], progress


def load_timesheet(store: Store, path: Path, period: str) -> int:
    """Store a delivered timesheet; unknown employee codes reject the whole file."""
    entries = timesheets.parse(path)
    grouped = timesheets.by_employee(entries)
    stored = 0
    for code, items in grouped.items():
        employee = store.employee(code)
        if employee is None:
            raise PayrollError(f"{path.name}: unknown employee {code}")
        stored += store.record_hours(
            employee.id, period, [(e.work_date.isoformat(), e.hours, e.shift) for e in items]
        )
    return stored


def bank_file(slips: list[Payslip], accounts: dict[str, str], target: Path) -> Path:
    """The fixed-layout payment file: header, one line per payment, trailer with count/sum."""
    lines = [f"HDR|{slips[0].period}|{len(slips)}"]
    total = Decimal(0)
    for slip in slips:
        lines.append(f"PAY|{slip.employee}|{accounts[slip.employee]}|{slip.net}")
        total += slip.net
    lines.append(f"TRL|{len(slips)}|{calc.money(total)}")
    target.parent.mkdir(exist_ok=True)
    target.write_text("\n".join(lines) + "\n")
    log.info("bank file %s: %d payments", target.name, len(slips))
    return target


def pay(
    store: Store, bank: BankClient, slips: list[Payslip], accounts: dict[str, str]
) -> str:
    """Store the payslips, record and submit the batch, return the gateway's batch id."""
    period = slips[0].period
    reference = f"PAY-{period}"
    total = calc.money(sum((s.net for s in slips), Decimal(0)))
    employees = {e.code: e for e in store.employees()}
    for slip in slips:
        store.save_payslip(
            employees[slip.employee].id, period, slip.gross, slip.tax, slip.pension, slip.net
        )
    store.record_batch(reference, period, total)
    batch_id = bank.submit(
        reference, period, [Payment(s.employee, accounts[s.employee], s.net) for s in slips]
    )
    store.audit("payrun", f"submitted {reference} as {batch_id}")
    return batch_id
