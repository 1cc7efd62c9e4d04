from datetime import date

import pytest
from sqlalchemy.exc import IntegrityError

from bookings import store
from bookings.models import Booking

DAY = date(2026, 12, 14)


def test_book_computes_total(session, rooms):
    booking = store.book(session, "ana@example.org", rooms["double"], DAY, 3, 12000)
    assert booking.total_cents == 36000
    assert booking.status == "confirmed"


def test_weekly_discount(session, rooms):
    booking = store.book(session, "ben@example.org", rooms["suite"], DAY, 7, 30000)
    assert booking.total_cents == 189000


def test_six_nights_full_price():
    assert store.price(10000, 6) == 60000


def test_reference_format(session, rooms):
    booking = store.book(session, "cy@example.org", rooms["single"], DAY, 1, 8000)
    assert booking.reference.startswith("BK-") and len(booking.reference) == 13


def test_same_guest_two_rooms_same_day(session, rooms):
    first = store.book(session, "dee@example.org", rooms["single"], DAY, 2, 8000)
    second = store.book(session, "dee@example.org", rooms["double"], DAY, 2, 12000)
    assert first.reference != second.reference


def test_duplicate_reference_rejected(session, rooms):
    booking = store.book(session, "eve@example.org", rooms["single"], DAY, 1, 8000)
    session.add(Booking(reference=booking.reference, guest="x@example.org",
                        room_code=rooms["double"], check_in=DAY, nights=1, total_cents=1))
    with pytest.raises(IntegrityError):
        session.flush()


def test_bookings_of_guest_in_date_order(session, rooms):
    for offset in (9, 2, 5):
        store.book(session, "fay@example.org", rooms["double"], date(2026, 12, offset), 1, 9000)
    found = store.bookings_of(session, "fay@example.org")
    assert [b.check_in.day for b in found] == [2, 5, 9]


def test_notes_stored(session, rooms):
    booking = store.book(session, "gus@example.org", rooms["suite"], DAY, 2, 30000,
                         notes="late arrival")
    session.expire_all()
    assert session.get(Booking, booking.id).notes == "late arrival"


def test_long_stay_booked(session, rooms):
    booking = store.book(session, "hal@example.org", rooms["suite"], DAY, 14, 30000)
    assert booking.nights == 14


def test_occupied_during_stay(session, rooms):
    store.book(session, "ida@example.org", rooms["double"], DAY, 3, 12000)
    assert store.occupied(session, rooms["double"], date(2026, 12, 16))
    assert not store.occupied(session, rooms["double"], date(2026, 12, 17))


def test_payment_recorded(session, rooms):
    booking = store.book(session, "jo@example.org", rooms["double"], DAY, 2, 12000)
    store.record_payment(session, booking, 24000)
    assert store.paid(booking) == 24000


def test_cancel_refunds_payment(session, rooms):
    booking = store.book(session, "kai@example.org", rooms["double"], DAY, 2, 12000)
    store.record_payment(session, booking, 24000)
    store.cancel(session, booking)
    assert booking.status == "cancelled"
    assert [p.kind for p in booking.payments] == ["charge", "refund"]
    assert store.paid(booking) == 0
