"""Payment-service in the checkout journey: it refuses anonymous payments (a step that
needs nothing from the others, so it runs beside the login) and takes the customer's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

AMOUNT = 2500  # cents
VISA = "4111 1111 1111 1111"


def test_refuses_anonymous_payments(service: Callable[[str], httpx.Client]) -> None:
    payments = service("payment-service")
    health = payments.get("/health")
    assert health.status_code == 200 and health.json()["status"] == "ok", health.text
    anonymous = payments.post("/payments", json={"amount": AMOUNT, "currency": "EUR",
                                                 "card_number": VISA})
    assert anonymous.status_code == 401, anonymous.text


def test_create_payment(service: Callable[[str], httpx.Client],
                        journey_input: Callable[[str], Any],
                        environment: dict[str, Any]) -> dict[str, Any]:
    payments = service("payment-service")
    user_id = journey_input("user_id")
    # One payment per customer whatever the retries: the key makes a retry return it.
    headers = {**journey_input("headers"), "Idempotency-Key": f"checkout-{user_id}"}
    currency = environment.get("currency", "EUR")
    created = payments.post("/payments", headers=headers, json={
        "amount": AMOUNT, "currency": currency, "card_number": VISA,
        "description": "checkout journey"})
    assert created.status_code in (200, 201), created.text
    payment = created.json()
    assert (payment["user_id"], payment["amount"], payment["currency"]) == (
        user_id, AMOUNT, currency)
    fetched = payments.get(f"/payments/{payment['id']}", headers=headers)
    assert fetched.status_code == 200 and fetched.json()["id"] == payment["id"], fetched.text
    return {"payment_id": payment["id"], "amount": AMOUNT, "currency": currency}
