"""ORM models of stations, planned moves and maintenance holds."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Station(Base):
    __tablename__ = "stations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(80))
    capacity: Mapped[int] = mapped_column(Integer)
    bikes: Mapped[int] = mapped_column(Integer, default=0)


class Move(Base):
    __tablename__ = "moves"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_code: Mapped[str] = mapped_column(String(16))
    to_code: Mapped[str] = mapped_column(String(16))
    bikes: Mapped[int] = mapped_column(Integer)
    planned_at: Mapped[datetime] = mapped_column(DateTime, server_default=func.now())


class MaintenanceHold(Base):
    __tablename__ = "maintenance_holds"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    reason: Mapped[str] = mapped_column(String(120))
    released: Mapped[bool] = mapped_column(default=False)
