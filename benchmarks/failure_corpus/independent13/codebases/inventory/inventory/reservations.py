"""Reservations of stock for orders (SQLAlchemy 2 on psycopg)."""

from __future__ import annotations

import psycopg
from sqlalchemy import Engine, ForeignKey, String, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from sqlalchemy.pool import NullPool

from inventory.db import conninfo


class Base(DeclarativeBase):
    """The inventory's mapped tables."""


class Item(Base):
    __tablename__ = "items"
    sku: Mapped[str] = mapped_column(String, primary_key=True)
    qty: Mapped[int]


class Reservation(Base):
    __tablename__ = "reservations"
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(ForeignKey("items.sku"))
    qty: Mapped[int]
    order_ref: Mapped[str]


_ENGINE: list[Engine] = []


def engine() -> Engine:
    if not _ENGINE:
        _ENGINE.append(create_engine("postgresql+psycopg://", creator=lambda: psycopg.connect(conninfo()),
                                     poolclass=NullPool))
    return _ENGINE[0]


def reserve(sku: str, qty: int, order_ref: str) -> int:
    with Session(engine()) as session, session.begin():
        item = session.scalars(select(Item).where(Item.sku == sku).with_for_update()).one()
        item.qty -= qty
        res = Reservation(sku=sku, qty=qty, order_ref=order_ref)
        session.add(res)
        session.flush()
        return res.id


def release(order_ref: str) -> None:
    with Session(engine()) as session, session.begin():
        res = session.scalars(select(Reservation).where(Reservation.order_ref == order_ref)).one()
        session.get_one(Item, res.sku).qty += res.qty
        session.delete(res)
