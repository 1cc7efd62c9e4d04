"""Patients, bookings and the clinicians' schedules."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

import psycopg2

from clinic.errors import BookingRejected


def new_mrn() -> str:
    return f"MRN-{uuid.uuid4().hex[:10].upper()}"


def add_clinician(conn: Any, code: str, name: str, speciality: str) -> None:
    with conn.cursor() as cur:
        cur.execute("INSERT INTO clinicians (code, name, speciality) VALUES (%s, %s, %s)",
                    (code, name, speciality))


def add_patient(conn: Any, name: str, birth_date: dt.date, phone: str | None = None,
                insurer_number: str | None = None) -> int:
    try:
        with conn.cursor() as cur:
            cur.execute("INSERT INTO patients (mrn, name, birth_date, phone, insurer_number) "
                        "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                        (new_mrn(), name, birth_date, phone, insurer_number))
            return int(cur.fetchone()["id"])
    except psycopg2.IntegrityError as exc:
        raise BookingRejected(f"patient {name!r} rejected: {exc}") from exc


def appointment_ref(patient_id: int, starts_at: dt.datetime) -> str:
    return f"APT-{uuid.uuid4().hex[:12].upper()}"


def book(conn: Any, patient_id: int, clinician: str, starts_at: dt.datetime, minutes: int,
         procedure: str = "CONS-15", copay_cents: int = 0) -> int:
    try:
        with conn.cursor() as cur:
            cur.execute(
                "INSERT INTO appointments (ref, patient_id, clinician, starts_at, minutes, "
                "procedure, copay_cents) VALUES (%s, %s, %s, %s, %s, %s, %s) RETURNING id",
                (appointment_ref(patient_id, starts_at), patient_id, clinician, starts_at,
                 minutes, procedure, copay_cents))
            return int(cur.fetchone()["id"])
    except psycopg2.IntegrityError as exc:
        raise BookingRejected(f"booking for patient {patient_id} rejected: {exc}") from exc


def book_request(conn: Any, request: dict[str, Any]) -> int:
    """A booking as the front desk's form sends it."""
    return book(conn, int(request["patient_id"]), request["clinician"],
                dt.datetime.fromisoformat(request["starts_at"]), int(request.get("minutes", 0)),
                request.get("procedure", "CONS-15"))


def set_status(conn: Any, appointment_id: int, status: str) -> None:
    with conn.cursor() as cur:
        cur.execute("UPDATE appointments SET status = %s WHERE id = %s",
                    (status, appointment_id))


def schedule(conn: Any, clinician: str, day: dt.date) -> list[dict[str, Any]]:
    with conn.cursor() as cur:
        cur.execute("SELECT id, ref, patient_id, starts_at, minutes, status FROM appointments "
                    "WHERE clinician = %s AND starts_at::date = %s "
                    "ORDER BY starts_at", (clinician, day))
        return [dict(row) for row in cur.fetchall()]


def first_slot_of_day(conn: Any, clinician: str, day: dt.date) -> dt.datetime | None:
    with conn.cursor() as cur:
        cur.execute("SELECT min(starts_at) AS first FROM appointments "
                    "WHERE clinician = %s AND starts_at::date = %s", (clinician, day))
        row = cur.fetchone()
    return row["first"]


def no_show_rate(conn: Any, clinician: str) -> float:
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FILTER (WHERE status = 'no_show') AS missed, "
                    "count(*) FILTER (WHERE status IN ('attended', 'no_show')) AS due "
                    "FROM appointments WHERE clinician = %s", (clinician,))
        row = cur.fetchone()
    if not row["due"]:
        return 0.0
    return row["missed"] / row["due"]


def booked_minutes(conn: Any, first: dt.date, last: dt.date) -> dict[str, int]:
    """Minutes booked per clinician from ``first`` to ``last`` (both included)."""
    totals: dict[str, int] = defaultdict(int)
    with conn.cursor() as cur:
        cur.execute("SELECT clinician, minutes FROM appointments WHERE status <> 'cancelled' "
                    "AND starts_at::date BETWEEN %s AND %s", (first, last))
        for row in cur.fetchall():
            totals[row["clinician"]] += row["minutes"]
    return dict(totals)


def attach_copay(conn: Any, appointment_id: int, copay_cents: int) -> None:
    with conn.cursor() as cur:
        cur.execute("UPDATE appointments SET copay_cents = %s WHERE id = %s",
                    (copay_cents, appointment_id))
