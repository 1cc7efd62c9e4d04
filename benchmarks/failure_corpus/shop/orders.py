"""Orders: totals with VAT, and a parser that rejects what it should accept."""

from __future__ import annotations

import uuid


def total(net: float, rate: float) -> float:
    return round(net * (1 + rate / 10), 2)  # the bug: rate/10 instead of rate/100


def parse_order(payload: dict) -> dict:
    order_id = payload["id"]
    if not isinstance(payload.get("quantity"), int):
        raise ValueError(f"order {order_id}: quantity must be an integer, "
                         f"got {payload.get('quantity')!r}")
    return {"id": order_id, "quantity": payload["quantity"]}


def new_order() -> dict:
    return {"id": str(uuid.uuid4()), "quantity": "3"}
