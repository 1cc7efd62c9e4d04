"""ORM mapping of the meter store (the schema itself comes from migrations/)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    """The declarative base every mapped class of the store derives from."""


class Meter(Base):
    __tablename__ = "meters"

    id: Mapped[int] = mapped_column(primary_key=True)
    serial: Mapped[str] = mapped_column(unique=True)
    site: Mapped[str]
    kind: Mapped[str]
    customer: Mapped[str]
    multiplier: Mapped[float] = mapped_column(default=1.0)
    readings: Mapped[list[Reading]] = relationship(
        back_populates="meter", order_by="Reading.taken_at"
    )


class Reading(Base):
    __tablename__ = "readings"

    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"))
    taken_at: Mapped[datetime]
    value_kwh: Mapped[float]
    source: Mapped[str]
    meter: Mapped[Meter] = relationship(back_populates="readings")


class Invoice(Base):
    __tablename__ = "invoices"

    id: Mapped[int] = mapped_column(primary_key=True)
    meter_id: Mapped[int] = mapped_column(ForeignKey("meters.id"))
    period_start: Mapped[date]
    period_end: Mapped[date]
    energy_kwh: Mapped[float]
    tariff_code: Mapped[str]
    amount_cents: Mapped[int]
    vat_cents: Mapped[int] = mapped_column(default=0)
