"""SQLAlchemy 2 ORM models of the bookings schema (schema/*.sql)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import ForeignKey, create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """The declarative base of the booking models."""


class Room(Base):
    __tablename__ = "rooms"
    code: Mapped[str] = mapped_column(primary_key=True)
    kind: Mapped[str]
    capacity: Mapped[int]


class Booking(Base):
    __tablename__ = "bookings"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(unique=True)
    guest: Mapped[str]
    room_code: Mapped[str] = mapped_column(ForeignKey("rooms.code"))
    check_in: Mapped[date]
    nights: Mapped[int]
    total_cents: Mapped[int]
    status: Mapped[str] = mapped_column(default="confirmed")
    notes: Mapped[str | None] = mapped_column(default=None)
    room: Mapped[Room] = relationship()
    payments: Mapped[list[Payment]] = relationship(back_populates="booking",
                                                   order_by="Payment.id")


class Payment(Base):
    __tablename__ = "payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    booking_id: Mapped[int] = mapped_column(ForeignKey("bookings.id"))
    amount_cents: Mapped[int]
    kind: Mapped[str]
    booking: Mapped[Booking] = relationship(back_populates="payments")


def make_engine(url: str) -> Engine:
    return create_engine(url, connect_args={"connect_timeout": 3}, pool_size=2,
                         max_overflow=2)
