"""Station registry and maintenance holds on SQLAlchemy sessions."""

from __future__ import annotations

from sqlalchemy import create_engine, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from dockbal.models import Base, MaintenanceHold, Station


def engine_for(url: str) -> Engine:
    return create_engine(url)


def migrate(engine: Engine) -> None:
    """Create every table of the balancer."""
    Base.metadata.create_all(engine)


def register_station(session: Session, code: str, name: str, capacity: int) -> Station:
    """Add a new empty station."""
    station = Station(code=code, name=name, capacity=capacity, bikes=0)
    session.add(station)
    session.flush()
    return station


def station_by_code(session: Session, code: str) -> Station | None:
    return session.scalars(select(Station).where(Station.code == code)).one_or_none()


def hold_station(session: Session, station: Station, reason: str) -> MaintenanceHold:
    """Put a station on maintenance hold so no moves target it."""
    hold = MaintenanceHold(station_id=station.id, reason=reason)
    session.add(hold)
    session.flush()
    return hold


def active_holds(session: Session) -> list[MaintenanceHold]:
    query = select(MaintenanceHold).where(MaintenanceHold.released.is_(False))
    return list(session.scalars(query))


def release_hold(session: Session, hold: MaintenanceHold) -> None:
    hold.released = True
    session.flush()
