"""Invoices for attended appointments; a cancelled appointment voids its invoice."""

from __future__ import annotations

from typing import Any

from clinic import appointments, billing


def issue(conn: Any, appointment_id: int, speciality: str) -> dict[str, Any]:
    with conn.cursor() as cur:
        cur.execute("SELECT procedure, copay_cents FROM appointments WHERE id = %s",
                    (appointment_id,))
        row = cur.fetchone()
        net = billing.procedure_fee(row["procedure"], speciality)
        tax = billing.tax(row["procedure"], net)
        cur.execute("INSERT INTO invoices (appointment_id, net_cents, tax_cents) "
                    "VALUES (%s, %s, %s) RETURNING id, net_cents, tax_cents, status",
                    (appointment_id, net, tax))
        return dict(cur.fetchone())


def cancel_appointment(conn: Any, appointment_id: int) -> None:
    appointments.set_status(conn, appointment_id, "cancelled")
    with conn.cursor() as cur:
        cur.execute("UPDATE invoices SET status = 'void' WHERE appointment_id = %s",
                    (appointment_id,))


def status(conn: Any, appointment_id: int) -> str:
    with conn.cursor() as cur:
        cur.execute("SELECT status FROM invoices WHERE appointment_id = %s", (appointment_id,))
        return str(cur.fetchone()["status"])


def patient_owes(conn: Any, appointment_id: int) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT a.copay_cents, i.tax_cents FROM appointments a "
                    "JOIN invoices i ON i.appointment_id = a.id WHERE a.id = %s",
                    (appointment_id,))
        row = cur.fetchone()
    return int(row["copay_cents"] + row["tax_cents"])
