"""Refunds after settlement: full, partial, too early, too much, and at the same time."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from shop_support import Customer, assert_error

from qatron.api_client import APIClient
from qatron.data_fixtures import load_data_fixture

pytestmark = [pytest.mark.e2e, pytest.mark.regression]


@pytest.fixture
def settled_payment(
    customer: Customer,
    pay: Callable[..., httpx.Response],
    settled: Callable[[Customer, int], dict[str, Any]],
) -> dict[str, Any]:
    """A settled payment of 10.00 by ``customer``."""
    return settled(customer, pay(customer, amount=1000).json()["id"])


class TestRefundJourney:
    @pytest.fixture(autouse=True)
    def _clients(self, api_client: APIClient, customer: Customer) -> None:
        self.api, self.customer = api_client, customer

    def refund(self, payment_id: int, amount: int | None = None) -> httpx.Response:
        body = {} if amount is None else {"amount": amount}
        return self.api.post(
            f"/payments/{payment_id}/refund", json=body, headers=self.customer.auth
        )

    def fetch(self, payment_id: int) -> dict[str, Any]:
        return self.api.get(f"/payments/{payment_id}", headers=self.customer.auth).json()

    @pytest.mark.smoke
    @pytest.mark.critical
    def test_full_refund(self, settled_payment: dict[str, Any]) -> None:
        response = self.refund(settled_payment["id"])
        assert response.status_code == 201
        assert response.json()["amount"] == 1000
        payment = self.fetch(settled_payment["id"])
        assert (payment["status"], payment["refunded_amount"]) == ("refunded", 1000)
        assert [r["amount"] for r in payment["refunds"]] == [1000]

    def test_partial_refunds_until_nothing_is_left(self, settled_payment: dict[str, Any]) -> None:
        payment_id = settled_payment["id"]
        for amount, status in [
            (250, "partially_refunded"),
            (250, "partially_refunded"),
            (500, "refunded"),
        ]:
            assert self.refund(payment_id, amount).json()["payment"]["status"] == status
        assert_error(self.refund(payment_id, 1), 409, "only settled payments")
        assert [r["amount"] for r in self.fetch(payment_id)["refunds"]] == [250, 250, 500]

    def test_refund_has_to_wait_for_settlement(
        self,
        pay: Callable[..., httpx.Response],
        settled: Callable[[Customer, int], dict[str, Any]],
    ) -> None:
        payment_id = pay(self.customer, amount=800).json()["id"]
        assert_error(self.refund(payment_id), 409, "pending")
        settled(self.customer, payment_id)
        assert self.refund(payment_id).status_code == 201

    @pytest.mark.parametrize("amount", [1001, 5000])
    def test_refund_above_the_amount_changes_nothing(
        self, settled_payment: dict[str, Any], amount: int
    ) -> None:
        response = self.refund(settled_payment["id"], amount)
        assert_error(response, 400, "exceeds the refundable amount", field="amount")
        payment = self.fetch(settled_payment["id"])
        assert (payment["status"], payment["refunded_amount"], payment["refunds"]) == (
            "settled",
            0,
            [],
        )

    def test_concurrent_refunds_never_exceed_the_amount(
        self, settled_payment: dict[str, Any]
    ) -> None:
        with ThreadPoolExecutor(max_workers=5) as pool:
            codes = sorted(
                pool.map(lambda _: self.refund(settled_payment["id"], 300).status_code, range(5))
            )
        assert codes == [201, 201, 201, 400, 400]
        payment = self.fetch(settled_payment["id"])
        assert (payment["status"], payment["refunded_amount"]) == ("partially_refunded", 900)

    def test_history_shows_refunded_and_settled(
        self,
        settled_payment: dict[str, Any],
        pay: Callable[..., httpx.Response],
        settled: Callable[[Customer, int], dict[str, Any]],
    ) -> None:
        kept = settled(self.customer, pay(self.customer, amount=450).json()["id"])
        self.refund(settled_payment["id"])
        history = self.api.get(
            f"/users/{self.customer.id}/payments", headers=self.customer.auth
        ).json()
        assert {p["id"]: p["status"] for p in history["payments"]} == {
            settled_payment["id"]: "refunded",
            kept["id"]: "settled",
        }


@pytest.mark.parametrize("plan", load_data_fixture("refund_plans"), ids=lambda plan: plan["name"])
def test_refund_plan(
    plan: dict[str, Any],
    customer: Customer,
    pay: Callable[..., httpx.Response],
    settled: Callable[[Customer, int], dict[str, Any]],
    api_client: APIClient,
) -> None:
    payment = settled(customer, pay(customer, amount=plan["amount"]).json()["id"])
    for amount in plan["refunds"]:
        body = {} if amount is None else {"amount": amount}
        response = api_client.post(
            f"/payments/{payment['id']}/refund", json=body, headers=customer.auth
        )
        assert response.status_code == 201, response.text
    final = api_client.get(f"/payments/{payment['id']}", headers=customer.auth).json()
    assert final["status"] == plan["final_status"]
    assert final["refunded_amount"] == sum(r["amount"] for r in final["refunds"])
    assert len(final["refunds"]) == len(plan["refunds"])
