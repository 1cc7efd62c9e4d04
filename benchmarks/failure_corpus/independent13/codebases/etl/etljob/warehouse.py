"""The sales warehouse (SQLAlchemy 2 ORM on SQLite)."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Numeric, String, create_engine, func, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column


class Base(DeclarativeBase):
    """The warehouse's mapped tables."""


class Order(Base):
    __tablename__ = "orders"
    id: Mapped[int] = mapped_column(primary_key=True)
    order_no: Mapped[str] = mapped_column(String(20), unique=True)
    customer: Mapped[str] = mapped_column(String(40))
    amount: Mapped[Decimal] = mapped_column(Numeric(12, 2))
    placed_at: Mapped[datetime]


class Customer(Base):
    __tablename__ = "customers"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)
    country: Mapped[str] = mapped_column(String(2))


class Warehouse:
    """Loads and queries the warehouse."""

    def __init__(self, path: str) -> None:
        self.engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.5})
        Base.metadata.create_all(self.engine)

    def load_orders(self, rows: list[dict[str, Any]]) -> int:
        with Session(self.engine) as session, session.begin():
            for row in rows:
                session.add(Order(order_no=row["order_no"], customer=row["customer"], amount=row["amount"],
                                  placed_at=datetime.fromisoformat(row["placed_at"])))
        return len(rows)

    def load_customers(self, rows: list[dict[str, Any]]) -> int:
        with Session(self.engine) as session, session.begin():
            for row in rows:
                session.add(Customer(id=row["id"], email=row.get("email"), country=row["country"]))
        return len(rows)

    def revenue(self) -> Decimal:
        with Session(self.engine) as session:
            return Decimal(session.scalar(select(func.coalesce(func.sum(Order.amount), 0))) or 0)

    def row_count(self, table: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


class Marts:
    """Daily aggregates kept in the marts database."""

    DDL = "CREATE TABLE IF NOT EXISTS daily_totals (day TEXT PRIMARY KEY, total NUMERIC, orders INTEGER)"

    def __init__(self, path: str) -> None:
        self.engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": 0.5})
        with self.engine.begin() as conn:
            conn.execute(text(self.DDL))

    def refresh(self, day: str, total: Decimal, orders: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(text("INSERT OR REPLACE INTO daily_totals (day, total, orders) VALUES (:d, :t, :o)"),
                         {"d": day, "t": str(total), "o": orders})

    def orders_on(self, day: str) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT orders FROM daily_totals WHERE day = :d"), {"d": day}).scalar_one())
