"""Order storage on PostgreSQL through SQLAlchemy Core."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError, OperationalError

from shop.errors import ConstraintViolated, DuplicateOrder, StoreUnavailable

log = logging.getLogger(__name__)
MIGRATIONS = Path(__file__).parent / "migrations"


def make_engine(url: str) -> Engine:
    """An engine with a small pool, as configured in production."""
    return create_engine(url, pool_size=2, max_overflow=2, pool_pre_ping=True,
                         connect_args={"connect_timeout": 3})


def migrate(engine: Engine, upto: int | None = None) -> list[str]:
    """Apply the numbered SQL migrations not yet recorded; return their names."""
    applied: list[str] = []
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY)"))
        done = {row[0] for row in conn.execute(text("SELECT name FROM schema_migrations"))}
        for path in sorted(MIGRATIONS.glob("*.sql")):
            if path.name in done or (upto is not None and int(path.name[:4]) > upto):
                continue
            conn.execute(text(path.read_text()))
            conn.execute(text("INSERT INTO schema_migrations VALUES (:n)"), {"n": path.name})
            applied.append(path.name)
    return applied


@dataclass
class OrderRow:
    id: int
    external_ref: str
    customer_id: int
    status: str
    total_cents: int
    payment_id: str | None
    discount_code: str | None


class OrderRepository:
    """Reads and writes customers, orders and refunds."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @contextmanager
    def _tx(self) -> Iterator[Connection]:
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            log.error("order store unavailable at %s", self.engine.url.render_as_string())
            raise StoreUnavailable(f"order store unavailable: {exc.orig}") from exc
        except IntegrityError as exc:
            if "external_ref" in str(exc.orig):
                raise DuplicateOrder(f"order reference already used: {exc.orig}") from exc
            raise ConstraintViolated(str(exc.orig).strip()) from exc

    def add_customer(self, email: str, name: str, region: str = "NL") -> int:
        with self._tx() as conn:
            return conn.execute(
                text("INSERT INTO customers (email, name, region) VALUES (:e, :n, :r) "
                     "RETURNING id"), {"e": email, "n": name, "r": region}).scalar_one()

    def customer_region(self, customer_id: int) -> str:
        with self._tx() as conn:
            return conn.execute(text("SELECT region FROM customers WHERE id = :i"),
                                {"i": customer_id}).scalar_one()

    def add_order(self, external_ref: str, customer_id: int, total_cents: int,
                  lines: list[tuple[str, int, int]], discount_code: str | None = None,
                  payment_id: str | None = None) -> int:
        with self._tx() as conn:
            order_id = conn.execute(
                text("INSERT INTO orders (external_ref, customer_id, total_cents, "
                     "discount_code, payment_id, status) VALUES (:ref, :c, :t, :d, :p, :s) "
                     "RETURNING id"),
                {"ref": external_ref, "c": customer_id, "t": total_cents, "d": discount_code,
                 "p": payment_id, "s": "paid" if payment_id else "new"}).scalar_one()
            for sku, quantity, unit_cents in lines:
                conn.execute(text("INSERT INTO order_lines (order_id, sku, quantity, unit_cents)"
                                  " VALUES (:o, :s, :q, :u)"),
                             {"o": order_id, "s": sku, "q": quantity, "u": unit_cents})
            log.info("stored order %s as id %s", external_ref, order_id)
            return order_id

    def get_order(self, order_id: int) -> OrderRow:
        with self._tx() as conn:
            row = conn.execute(
                text("SELECT id, external_ref, customer_id, status, total_cents, payment_id, "
                     "discount_code FROM orders WHERE id = :i"), {"i": order_id}).one()
        return OrderRow(*row)

    def orders_of(self, customer_id: int) -> list[OrderRow]:
        with self._tx() as conn:
            rows = conn.execute(
                text("SELECT id, external_ref, customer_id, status, total_cents, payment_id, "
                     "discount_code FROM orders WHERE customer_id = :c ORDER BY id"),
                {"c": customer_id}).all()
        return [OrderRow(*row) for row in rows]

    def set_status(self, order_id: int, status: str) -> None:
        with self._tx() as conn:
            conn.execute(text("UPDATE orders SET status = :s WHERE id = :i"),
                         {"s": status, "i": order_id})

    def add_refund(self, order_id: int, amount_cents: int, reason: str) -> int:
        with self._tx() as conn:
            return conn.execute(
                text("INSERT INTO refunds (order_id, amount_cents, reason) "
                     "VALUES (:o, :a, :r) RETURNING id"),
                {"o": order_id, "a": amount_cents, "r": reason}).scalar_one()

    def refunded_cents(self, order_id: int) -> int:
        with self._tx() as conn:
            return conn.execute(
                text("SELECT COALESCE(SUM(amount_cents), 0) FROM refunds WHERE order_id = :o"),
                {"o": order_id}).scalar_one()

    def sales_between(self, first_id: int, last_id: int) -> list[tuple[str, int]]:
        with self._tx() as conn:
            return [tuple(r) for r in conn.execute(
                text("SELECT external_ref, total_cents FROM orders WHERE id BETWEEN :a AND :b "
                     "AND status = 'paid' ORDER BY id"), {"a": first_id, "b": last_id})]

    def wipe(self) -> None:
        """Empty all tables (test isolation)."""
        with self._tx() as conn:
            conn.execute(text("TRUNCATE customers, orders, order_lines RESTART IDENTITY CASCADE"))


def main() -> None:
    """``python -m shop.db URL [UPTO]``: apply migrations (used by the deploy job)."""
    upto = int(sys.argv[2]) if len(sys.argv) > 2 else None
    print("\n".join(migrate(make_engine(sys.argv[1]), upto)))


if __name__ == "__main__":
    main()
