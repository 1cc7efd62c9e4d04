"""The payment service's request/response contract, endpoint by endpoint."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from shop_support import PAYMENT_FIELDS, Customer, assert_error

from qatron.api_client import APIClient

pytestmark = [pytest.mark.contract, pytest.mark.regression]


class TestPaymentAPIContract:
    @pytest.mark.smoke
    def test_health(self, api_client: APIClient) -> None:
        response = api_client.get("/health")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "service": "payment-service"}

    @pytest.mark.smoke
    @pytest.mark.critical
    def test_create_payment(
        self, pay: Callable[..., httpx.Response], regular_customer: Customer
    ) -> None:
        response = pay(regular_customer, amount=4250, description="contract check")
        assert response.status_code == 201
        data = response.json()
        assert set(data) == PAYMENT_FIELDS
        assert data["status"] == "pending" and data["settled_at"] is None
        assert data["user_id"] == regular_customer.id
        assert (data["amount"], data["refunded_amount"]) == (4250, 0)
        assert (data["card_brand"], data["card_last4"]) == ("visa", "1111")
        assert "card_number" not in data

    def test_get_payment(
        self, api_client: APIClient, pay: Callable[..., httpx.Response], regular_customer: Customer
    ) -> None:
        created = pay(regular_customer).json()
        response = api_client.get(f"/payments/{created['id']}", headers=regular_customer.auth)
        assert response.status_code == 200
        assert set(response.json()) == PAYMENT_FIELDS | {"refunds"}
        assert response.json()["refunds"] == []

    def test_get_unknown_payment(self, api_client: APIClient, regular_customer: Customer) -> None:
        assert_error(
            api_client.get("/payments/999999999999", headers=regular_customer.auth),
            404,
            "not found",
        )

    def test_list_payments(
        self, api_client: APIClient, pay: Callable[..., httpx.Response], regular_customer: Customer
    ) -> None:
        pay(regular_customer)
        response = api_client.get(
            f"/users/{regular_customer.id}/payments", headers=regular_customer.auth
        )
        assert response.status_code == 200
        data = response.json()
        assert data["user_id"] == regular_customer.id
        assert data["count"] == len(data["payments"]) >= 1
        assert all(set(p) == PAYMENT_FIELDS for p in data["payments"])

    @pytest.mark.parametrize(
        "headers",
        [{}, {"Authorization": "Bearer forged-token"}, {"Authorization": "Token abc"}],
        ids=["none", "forged", "wrong-scheme"],
    )
    def test_create_requires_a_valid_token(
        self, api_client: APIClient, headers: dict[str, str]
    ) -> None:
        response = api_client.post(
            "/payments",
            json={"amount": 100, "currency": "EUR", "card_number": "4111111111111111"},
            headers=headers,
        )
        assert_error(response, 401, "token")

    @pytest.mark.parametrize("amount", [0, -100, "1250", 12.5, None])
    def test_invalid_amount(
        self, pay: Callable[..., httpx.Response], regular_customer: Customer, amount: object
    ) -> None:
        assert_error(pay(regular_customer, amount=amount), 400, "amount", field="amount")

    def test_unsupported_currency(
        self, pay: Callable[..., httpx.Response], regular_customer: Customer
    ) -> None:
        assert_error(pay(regular_customer, currency="XYZ"), 400, "currency", field="currency")

    def test_card_failing_luhn(
        self,
        pay: Callable[..., httpx.Response],
        regular_customer: Customer,
        card: Callable[[str], str],
    ) -> None:
        response = pay(regular_customer, card_number=card("luhn_failure"))
        assert_error(response, 400, "card number", "luhn", field="card_number")

    @pytest.mark.parametrize("kind", ["declined", "insufficient_funds"])
    def test_declined_card(
        self,
        pay: Callable[..., httpx.Response],
        regular_customer: Customer,
        card: Callable[[str], str],
        kind: str,
    ) -> None:
        response = pay(regular_customer, card_number=card(kind))
        assert_error(response, 402, "declined")
        expected = "card_declined" if kind == "declined" else kind
        assert response.json() == {"detail": "Card declined", "decline_code": expected}

    def test_refund_of_pending_payment_conflicts(
        self, api_client: APIClient, pay: Callable[..., httpx.Response], regular_customer: Customer
    ) -> None:
        created = pay(regular_customer).json()
        response = api_client.post(
            f"/payments/{created['id']}/refund", json={}, headers=regular_customer.auth
        )
        assert_error(response, 409, "only settled payments")
        assert response.json()["payment_status"] == "pending"
