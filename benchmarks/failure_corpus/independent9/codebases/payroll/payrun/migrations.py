"""Schema migrations of the payroll and archive databases, applied in order."""

from __future__ import annotations

import logging
import sys

import psycopg

log = logging.getLogger(__name__)

PAYROLL: list[tuple[int, str]] = [
    (1, """
        CREATE TABLE departments (
            code TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            cost_centre TEXT NOT NULL
        );
        CREATE TABLE employees (
            id SERIAL PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            department TEXT NOT NULL REFERENCES departments(code),
            hourly_rate NUMERIC(10, 2) NOT NULL CHECK (hourly_rate > 0),
            tax_code TEXT,
            region TEXT NOT NULL DEFAULT 'north'
        );
    """),
    (2, """
        CREATE TABLE timesheet_entries (
            id SERIAL PRIMARY KEY,
            employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
            period TEXT NOT NULL,
            work_date DATE NOT NULL,
            hours NUMERIC(5, 2) NOT NULL,
            shift TEXT NOT NULL
        );
        CREATE TABLE payslips (
            id SERIAL PRIMARY KEY,
            employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
            period TEXT NOT NULL,
            gross NUMERIC(12, 2) NOT NULL,
            tax NUMERIC(12, 2) NOT NULL,
            pension NUMERIC(12, 2) NOT NULL,
            net NUMERIC(12, 2) NOT NULL,
            UNIQUE (employee_id, period)
        );
    """),
    (3, """
        CREATE TABLE allowances (
            id SERIAL PRIMARY KEY,
            employee_id INTEGER NOT NULL REFERENCES employees(id) ON DELETE CASCADE,
            kind TEXT NOT NULL,
            amount NUMERIC(10, 2) NOT NULL
        );
    """),
    (4, """
        CREATE TABLE bank_batches (
            reference TEXT PRIMARY KEY,
            period TEXT NOT NULL,
            total NUMERIC(14, 2) NOT NULL,
            status TEXT NOT NULL DEFAULT 'submitted'
        );
        CREATE TABLE audit_log (
            id SERIAL PRIMARY KEY,
            at TIMESTAMPTZ NOT NULL DEFAULT now(),
            actor TEXT NOT NULL,
            action TEXT NOT NULL
        );
    """),
]

ARCHIVE: list[tuple[int, str]] = [
    (1, """
        CREATE TABLE archived_payslips (
            period TEXT NOT NULL,
            employee_code TEXT NOT NULL,
            gross NUMERIC(12, 2) NOT NULL,
            net NUMERIC(12, 2) NOT NULL,
            PRIMARY KEY (period, employee_code)
        );
    """),
]


def current_version(conn: psycopg.Connection) -> int:
    """The highest migration applied to the database, 0 for an empty one."""
    conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = conn.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def upgrade(dsn: str, steps: list[tuple[int, str]], target: int | None = None) -> int:
    """Apply the migrations above the database's version, up to ``target``."""
    with psycopg.connect(dsn, autocommit=False) as conn:
        version = current_version(conn)
        for number, sql in steps:
            if number <= version or (target is not None and number > target):
                continue
            log.info("applying migration %d", number)
            conn.execute(sql)
            conn.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))
            version = number
        conn.commit()
    return version


def main(argv: list[str]) -> int:
    """``python -m payrun.migrations payroll|archive DSN [TARGET]``."""
    logging.basicConfig(level=logging.INFO)
    which, dsn = argv[0], argv[1]
    target = int(argv[2]) if len(argv) > 2 else None
    steps = PAYROLL if which == "payroll" else ARCHIVE
    print(upgrade(dsn, steps, target))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
