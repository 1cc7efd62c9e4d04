"""The payroll database: employees, timesheets, payslips, allowances."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import psycopg
from psycopg import errors

from payrun.errors import DuplicateEmployee, StoreUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Employee:
    """Someone on the payroll."""

    id: int
    code: str
    name: str
    department: str
    hourly_rate: Decimal
    tax_code: str | None
    region: str


def connect(dsn: str) -> psycopg.Connection:
    """Open a connection; statements give up on a lock after one second."""
    try:
        conn = psycopg.connect(dsn, connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as exc:
        log.error("payroll database unavailable: %s", exc)
        raise StoreUnavailable(f"cannot connect to the payroll database: {exc}") from exc
    conn.execute("SET lock_timeout = '1s'")
    return conn


class Store:
    """Reads and writes of the payroll tables over one connection."""

    def __init__(self, conn: psycopg.Connection) -> None:
        self.conn = conn

    def add_department(self, code: str, name: str, cost_centre: str) -> None:
        self.conn.execute(
            "INSERT INTO departments (code, name, cost_centre) VALUES (%s, %s, %s)",
            (code, name, cost_centre),
        )

    def add_employee(
        self,
        code: str,
        name: str,
        department: str,
        hourly_rate: Decimal,
        tax_code: str | None = None,
        region: str = "north",
    ) -> Employee:
        """Put someone on the payroll; a reused code is a ``DuplicateEmployee``."""
        try:
            row = self.conn.execute(
                "INSERT INTO employees (code, name, department, hourly_rate, tax_code, region)"
                " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (code, name, department, hourly_rate, tax_code, region),
            ).fetchone()
        except errors.UniqueViolation as exc:
            raise DuplicateEmployee(code) from exc
        assert row is not None
        log.info("employee %s added", code)
        return Employee(row[0], code, name, department, hourly_rate, tax_code, region)

    def employee(self, code: str) -> Employee | None:
        row = self.conn.execute(
            "SELECT id, code, name, department, hourly_rate, tax_code, region"
            " FROM employees WHERE code = %s",
            (code,),
        ).fetchone()
        return Employee(*row) if row else None

    def employees(self) -> list[Employee]:
        rows = self.conn.execute(
            "SELECT id, code, name, department, hourly_rate, tax_code, region"
            " FROM employees ORDER BY code"
        ).fetchall()
        return [Employee(*row) for row in rows]

    def record_hours(
        self, employee_id: int, period: str, entries: Iterable[tuple[str, Decimal, str]]
    ) -> int:
        """Store timesheet entries (date, hours, shift) of one employee and period."""
        count = 0
        with self.conn.transaction():
            for work_date, hours, shift in entries:
                self.conn.execute(
                    "INSERT INTO timesheet_entries (employee_id, period, work_date, hours, shift)"
                    " VALUES (%s, %s, %s, %s, %s)",
                    (employee_id, period, work_date, hours, shift),
                )
                count += 1
        return count

    def hours(self, employee_id: int, period: str) -> list[tuple[Decimal, str]]:
        rows = self.conn.execute(
            "SELECT hours, shift FROM timesheet_entries"
            " WHERE employee_id = %s AND period = %s ORDER BY work_date",
            (employee_id, period),
        ).fetchall()
        return [(row[0], row[1]) for row in rows]

    def add_allowance(self, employee_id: int, kind: str, amount: Decimal) -> None:
        self.conn.execute(
            "INSERT INTO allowances (employee_id, kind, amount) VALUES (%s, %s, %s)",
            (employee_id, kind, amount),
        )

    def allowances(self, employee_id: int) -> Decimal:
        row = self.conn.execute(
            "SELECT coalesce(sum(amount), 0) FROM allowances WHERE employee_id = %s",
            (employee_id,),
        ).fetchone()
        assert row is not None
        return Decimal(row[0])

    def save_payslip(
        self, employee_id: int, period: str, gross: Decimal, tax: Decimal, pension: Decimal,
        net: Decimal,
    ) -> int:
        row = self.conn.execute(
            "INSERT INTO payslips (employee_id, period, gross, tax, pension, net)"
            " VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
            (employee_id, period, gross, tax, pension, net),
        ).fetchone()
        assert row is not None
        return int(row[0])

    def payslips(self, period: str) -> list[tuple[str, Decimal, Decimal]]:
        rows = self.conn.execute(
            "SELECT e.code, p.gross, p.net FROM payslips p JOIN employees e"
            " ON e.id = p.employee_id WHERE p.period = %s ORDER BY e.code",
            (period,),
        ).fetchall()
        return [(row[0], row[1], row[2]) for row in rows]

    def record_batch(self, reference: str, period: str, total: Decimal) -> None:
        self.conn.execute(
            "INSERT INTO bank_batches (reference, period, total) VALUES (%s, %s, %s)",
            (reference, period, total),
        )

    def set_batch_status(self, reference: str, status: str) -> None:
        self.conn.execute(
            "UPDATE bank_batches SET status = %s WHERE reference = %s", (status, reference)
        )

    def audit(self, actor: str, action: str) -> None:
        self.conn.execute(
            "INSERT INTO audit_log (actor, action) VALUES (%s, %s)", (actor, action)
        )

    def audit_trail(self) -> list[tuple[str, str]]:
        rows = self.conn.execute("SELECT actor, action FROM audit_log ORDER BY id").fetchall()
        return [(row[0], row[1]) for row in rows]

    def delete_employee(self, code: str) -> bool:
        cur = self.conn.execute("DELETE FROM employees WHERE code = %s", (code,))
        return cur.rowcount == 1
