"""The shop's payment service: card payments, settlement and refunds.

Callers authenticate with a user-service token, which this service verifies
over HTTP. A background thread settles pending payments after
``--settle-delay`` seconds. Run from ``examples/shop``::

    python -m services.payment_service --port 8002 --db /tmp/payments.db \\
        --user-service http://127.0.0.1:8001 --settle-delay 0.5
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from typing import Any

from services import domain
from services.common import (
    Database,
    HTTPError,
    Request,
    Response,
    Router,
    argument_parser,
    now_iso,
    serve,
    validated,
)

SCHEMA = """
CREATE TABLE IF NOT EXISTS payments (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    amount INTEGER NOT NULL,
    currency TEXT NOT NULL,
    status TEXT NOT NULL,
    refunded_amount INTEGER NOT NULL DEFAULT 0,
    card_brand TEXT NOT NULL,
    card_last4 TEXT NOT NULL,
    description TEXT,
    idempotency_key TEXT,
    created_at TEXT NOT NULL,
    created_epoch REAL NOT NULL,
    settled_at TEXT,
    UNIQUE (user_id, idempotency_key)
);
CREATE TABLE IF NOT EXISTS refunds (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    payment_id INTEGER NOT NULL REFERENCES payments(id),
    amount INTEGER NOT NULL,
    created_at TEXT NOT NULL
);
"""

PUBLIC_FIELDS = (
    "id, user_id, amount, currency, status, refunded_amount, card_brand, card_last4,"
    " description, created_at, settled_at"
)


def verify_token(user_service_url: str, token: str) -> dict[str, Any] | None:
    """The user a token belongs to, asked of the user service; None if it rejects it."""
    request = urllib.request.Request(
        f"{user_service_url.rstrip('/')}/auth/verify",
        headers={"Authorization": f"Bearer {token}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        if exc.code == 401:
            return None
        raise HTTPError(503, f"User service answered {exc.code}") from None
    except (urllib.error.URLError, OSError):
        raise HTTPError(503, "User service unavailable") from None


class Settler(threading.Thread):
    """Moves payments from pending to settled once they are ``delay`` seconds old."""

    def __init__(self, db: Database, delay: float) -> None:
        super().__init__(name="settler", daemon=True)
        self.db, self.delay = db, delay
        self.stopping = threading.Event()

    def run(self) -> None:
        interval = max(0.02, min(0.1, self.delay / 5))
        while not self.stopping.wait(interval):
            self.settle_due()

    def settle_due(self) -> int:
        cursor = self.db.execute(
            "UPDATE payments SET status = ?, settled_at = ?"
            " WHERE status = ? AND created_epoch <= ?",
            (
                domain.PaymentStatus.SETTLED,
                now_iso(),
                domain.PaymentStatus.PENDING,
                time.time() - self.delay,
            ),
        )
        return cursor.rowcount


class PaymentService:
    """The HTTP handlers, over one database and the user service."""

    def __init__(self, db: Database, user_service_url: str) -> None:
        self.db = db
        self.user_service_url = user_service_url

    def router(self) -> Router:
        router = Router()
        router.add("GET", "/health", self.health)
        router.add("POST", "/payments", self.create_payment)
        router.add("GET", "/payments/{payment_id}", self.get_payment)
        router.add("POST", "/payments/{payment_id}/refund", self.refund)
        router.add("GET", "/users/{user_id}/payments", self.list_payments)
        return router

    def health(self, request: Request) -> Response:
        self.db.one("SELECT 1")
        return 200, {"status": "ok", "service": "payment-service"}

    def create_payment(self, request: Request) -> Response:
        user = self._authenticate(request)
        body = request.json_object()
        amount = validated(domain.validate_amount, body.get("amount"))
        currency = validated(domain.validate_currency, body.get("currency"))
        number = validated(domain.validate_card_number, body.get("card_number"))
        description = body.get("description")
        if description is not None and not isinstance(description, str):
            raise HTTPError(400, "Field description must be a string", field="description")
        key = request.headers.get("Idempotency-Key")
        if key and (existing := self._by_key(user["id"], key)):
            return 200, existing
        reason = domain.decline_reason(number)
        if reason:
            raise HTTPError(402, "Card declined", decline_code=reason)
        row = {
            "user_id": user["id"],
            "amount": amount,
            "currency": currency,
            "status": domain.PaymentStatus.PENDING,
            "card_brand": domain.card_brand(number),
            "card_last4": number[-4:],
            "description": description,
            "idempotency_key": key,
            "created_at": now_iso(),
            "created_epoch": time.time(),
        }
        try:
            payment_id = self.db.insert("payments", row)
        except sqlite3.IntegrityError:  # the same key, a moment earlier
            return 200, self._by_key(user["id"], key or "")
        return 201, self._payment(payment_id)

    def get_payment(self, request: Request) -> Response:
        user = self._authenticate(request)
        payment = self._payment(request.params["payment_id"], owner=user["id"])
        payment["refunds"] = self.db.all(
            "SELECT id, amount, created_at FROM refunds WHERE payment_id = ? ORDER BY id",
            (payment["id"],),
        )
        return 200, payment

    def refund(self, request: Request) -> Response:
        user = self._authenticate(request)
        payment_id = request.params["payment_id"]
        body = request.json_object() if request.body is not None else {}
        with self.db.transaction() as conn:
            payment = self._payment(payment_id, owner=user["id"])
            try:
                amount, status = validated(
                    domain.plan_refund,
                    payment["status"],
                    payment["amount"],
                    payment["refunded_amount"],
                    body.get("amount"),
                )
            except domain.RefundError as exc:
                raise HTTPError(409, str(exc), payment_status=payment["status"]) from None
            refund_id = self.db.insert(
                "refunds", {"payment_id": payment_id, "amount": amount, "created_at": now_iso()}
            )
            conn.execute(
                "UPDATE payments SET status = ?, refunded_amount = refunded_amount + ?"
                " WHERE id = ?",
                (status, amount, payment_id),
            )
        refund = {"id": refund_id, "payment_id": payment_id, "amount": amount}
        return 201, {**refund, "payment": self._payment(payment_id)}

    def list_payments(self, request: Request) -> Response:
        user = self._authenticate(request)
        if user["id"] != request.params["user_id"]:
            raise HTTPError(403, "You can only list your own payments")
        sql = f"SELECT {PUBLIC_FIELDS} FROM payments WHERE user_id = ?"
        params: tuple[Any, ...] = (user["id"],)
        if "status" in request.query:
            sql, params = sql + " AND status = ?", (*params, request.query["status"])
        payments = self.db.all(sql + " ORDER BY id", params)
        return 200, {"user_id": user["id"], "count": len(payments), "payments": payments}

    def _authenticate(self, request: Request) -> dict[str, Any]:
        token = request.bearer_token()
        if not token:
            raise HTTPError(401, "Missing bearer token")
        user = verify_token(self.user_service_url, token)
        if user is None:
            raise HTTPError(401, "Invalid or expired token")
        return user

    def _payment(self, payment_id: int, owner: int | None = None) -> dict[str, Any]:
        payment = self.db.one(f"SELECT {PUBLIC_FIELDS} FROM payments WHERE id = ?", (payment_id,))
        if not payment or (owner is not None and payment["user_id"] != owner):
            raise HTTPError(404, f"Payment {payment_id} not found")
        return payment

    def _by_key(self, user_id: int, key: str) -> dict[str, Any] | None:
        row = self.db.one(
            "SELECT id FROM payments WHERE user_id = ? AND idempotency_key = ?", (user_id, key)
        )
        return self._payment(row["id"]) if row else None


def main(argv: list[str] | None = None) -> None:
    parser = argument_parser("The shop's payment service.")
    parser.add_argument("--user-service", required=True, help="base URL of the user service")
    parser.add_argument(
        "--settle-delay", type=float, default=0.5, help="seconds until a payment settles"
    )
    args = parser.parse_args(argv)
    db = Database(args.db, SCHEMA)
    settler = Settler(db, args.settle_delay)
    settler.start()
    service = PaymentService(db, args.user_service)
    serve("payment-service", service.router(), args.host, args.port, on_stop=settler.stopping.set)


if __name__ == "__main__":
    main()
