"""Booking operations on an ORM session."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bookings.models import Booking, Payment, Room

WEEKLY_DISCOUNT = {"percent": 10, "min_nights": 7}


def new_reference(guest: str, check_in: date) -> str:
    return f"BK-{uuid.uuid4().hex[:10].upper()}"


def price(nightly_cents: int, nights: int) -> int:
    """Total of a stay; stays of a week or more get the weekly discount."""
    total = nightly_cents * nights
    if nights >= WEEKLY_DISCOUNT["min_nights"]:
        total -= total * WEEKLY_DISCOUNT["percent"] // 100
    return total


def add_room(session: Session, code: str, kind: str, capacity: int) -> Room:
    room = Room(code=code, kind=kind, capacity=capacity)
    session.add(room)
    session.flush()
    return room


def book(session: Session, guest: str, room_code: str, check_in: date, nights: int,
         nightly_cents: int, notes: str | None = None) -> Booking:
    booking = Booking(reference=new_reference(guest, check_in), guest=guest,
                      room_code=room_code, check_in=check_in, nights=nights,
                      total_cents=price(nightly_cents, nights), notes=notes)
    session.add(booking)
    session.flush()
    return booking


def record_payment(session: Session, booking: Booking, amount_cents: int,
                   kind: str = "charge") -> Payment:
    payment = Payment(booking=booking, amount_cents=amount_cents, kind=kind)
    session.add(payment)
    session.flush()
    return payment


def paid(booking: Booking) -> int:
    signs = {"charge": 1, "refund": -1}
    return sum(signs[p.kind] * p.amount_cents for p in booking.payments)


def cancel(session: Session, booking: Booking) -> Booking:
    """Cancel a booking and refund what was paid."""
    balance = paid(booking)
    if balance:
        record_payment(session, booking, balance, "refund")
    booking.status = "cancelled"
    session.flush()
    return booking


def bookings_of(session: Session, guest: str) -> list[Booking]:
    query = select(Booking).where(Booking.guest == guest).order_by(Booking.check_in)
    return list(session.scalars(query))


def departure(booking: Booking) -> date:
    return booking.check_in + timedelta(days=booking.nights)


def occupied(session: Session, room_code: str, day: date) -> bool:
    for booking in session.scalars(select(Booking).where(Booking.room_code == room_code,
                                                         Booking.status == "confirmed")):
        if booking.check_in <= day < departure(booking):
            return True
    return False
