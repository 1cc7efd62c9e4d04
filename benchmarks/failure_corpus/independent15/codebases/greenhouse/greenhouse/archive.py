"""Long-term archive of readings (SQLAlchemy 2.x on SQLite)."""

from __future__ import annotations

import os
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    create_engine,
    event,
    select,
)
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    """The archive's mapped tables."""


class Zone(Base):
    __tablename__ = "zones"
    name: Mapped[str] = mapped_column(String(20), primary_key=True)
    crop: Mapped[str] = mapped_column(String(40))


class Sensor(Base):
    __tablename__ = "sensors"
    sensor_id: Mapped[str] = mapped_column(String(20), primary_key=True)
    zone: Mapped[str] = mapped_column(ForeignKey("zones.name"))
    calibrated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class ArchivedReading(Base):
    __tablename__ = "readings"
    __table_args__ = (UniqueConstraint("sensor_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sensor_id: Mapped[str] = mapped_column(String(20))
    zone: Mapped[str] = mapped_column(ForeignKey("zones.name"))
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[float] = mapped_column(Float)
    at: Mapped[datetime] = mapped_column(DateTime)


class DailySummary(Base):
    __tablename__ = "daily_summary"
    zone: Mapped[str] = mapped_column(String(20), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    mean_temp: Mapped[float] = mapped_column(Float)


def engine(url: str | None = None) -> Engine:
    """Engine on the archive named by ``GH_ARCHIVE_URL``, with foreign keys enforced."""
    created = create_engine(url or os.environ.get("GH_ARCHIVE_URL", "sqlite:///archive.db"))

    @event.listens_for(created, "connect")
    def _foreign_keys(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA foreign_keys = ON")

    return created


def migrate(url: str) -> None:
    """Create the tables and the zones of the greenhouse."""
    eng = engine(url)
    Base.metadata.create_all(eng)
    with Session(eng) as session, session.begin():
        if session.get(Zone, "north") is None:
            session.add_all([Zone(name=name, crop=crop) for name, crop in
                             (("north", "tomato"), ("south", "basil"), ("west", "lettuce"))])


def archive(readings: list[dict[str, Any]]) -> int:
    """Store readings; returns how many."""
    with Session(engine()) as session, session.begin():
        session.add_all([ArchivedReading(**reading) for reading in readings])
    return len(readings)


def readings_of(sensor_id: str) -> list[float]:
    with Session(engine()) as session:
        rows = session.scalars(
            select(ArchivedReading.value).where(ArchivedReading.sensor_id == sensor_id)
        )
        return list(rows)


def register_sensor(sensor_id: str, zone: str, calibrated_at: datetime) -> None:
    with Session(engine()) as session, session.begin():
        session.add(Sensor(sensor_id=sensor_id, zone=zone, calibrated_at=calibrated_at))


def store_summary(zone: str, day: date, mean_temp: float) -> None:
    with Session(engine()) as session, session.begin():
        session.merge(DailySummary(zone=zone, day=day, mean_temp=mean_temp))
