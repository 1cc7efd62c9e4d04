"""The payment service trusts the user service's sessions, and nothing else."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from shop_support import Customer, assert_error

from qatron.api_client import APIClient
from qatron.helpers import unique_email, unique_name

pytestmark = [pytest.mark.integration, pytest.mark.regression]


@pytest.mark.smoke
@pytest.mark.critical
def test_payment_belongs_to_the_token_owner(
    customer: Customer, pay: Callable[..., httpx.Response], api_client: APIClient
) -> None:
    payment = pay(customer, user_id=1).json()  # a user_id in the body is ignored
    assert payment["user_id"] == customer.id
    mine = api_client.get(f"/users/{customer.id}/payments", headers=customer.auth).json()
    assert [p["id"] for p in mine["payments"]] == [payment["id"]]


def test_logout_at_user_service_locks_out_of_payments(
    customer: Customer, pay: Callable[..., httpx.Response], users: APIClient
) -> None:
    assert pay(customer).status_code == 201
    users.post("/auth/logout", headers=customer.auth)
    assert_error(pay(customer), 401, "invalid or expired")


def test_session_survives_a_profile_change(
    customer: Customer, pay: Callable[..., httpx.Response], users: APIClient
) -> None:
    changes = {"email": unique_email("changed"), "username": unique_name("changed")}
    assert (
        users.put(f"/users/{customer.id}", json=changes, headers=customer.auth).status_code == 200
    )
    payment = pay(customer)
    assert payment.status_code == 201
    assert payment.json()["user_id"] == customer.id


class TestOwnership:
    def test_other_customers_cannot_see_a_payment(
        self,
        customer: Customer,
        register: Callable[..., Customer],
        pay: Callable[..., httpx.Response],
        api_client: APIClient,
    ) -> None:
        payment = pay(customer).json()
        stranger = register("stranger")
        response = api_client.get(f"/payments/{payment['id']}", headers=stranger.auth)
        assert_error(response, 404, "not found")
        listing = api_client.get(f"/users/{customer.id}/payments", headers=stranger.auth)
        assert_error(listing, 403, "your own payments")

    def test_other_customers_cannot_refund(
        self,
        customer: Customer,
        regular_customer: Customer,
        pay: Callable[..., httpx.Response],
        api_client: APIClient,
    ) -> None:
        payment = pay(customer).json()
        response = api_client.post(
            f"/payments/{payment['id']}/refund", headers=regular_customer.auth
        )
        assert_error(response, 404, "not found")


class TestIdempotency:
    def test_replayed_key_returns_the_first_payment(
        self, customer: Customer, pay: Callable[..., httpx.Response], api_client: APIClient
    ) -> None:
        key = {"Idempotency-Key": unique_name("order")}
        first = pay(customer, headers=key, amount=3100)
        replay = pay(customer, headers=key, amount=3100)
        assert (first.status_code, replay.status_code) == (201, 200)
        assert replay.json()["id"] == first.json()["id"]
        listing = api_client.get(f"/users/{customer.id}/payments", headers=customer.auth).json()
        assert listing["count"] == 1

    def test_distinct_keys_make_distinct_payments(
        self, customer: Customer, pay: Callable[..., httpx.Response]
    ) -> None:
        ids = {
            pay(customer, headers={"Idempotency-Key": unique_name("k")}).json()["id"]
            for _ in range(3)
        }
        assert len(ids) == 3


@pytest.mark.parametrize("currency", ["EUR", "USD", "GBP", "CHF", "SEK", "JPY"])
def test_payment_in_each_currency(
    regular_customer: Customer,
    pay: Callable[..., httpx.Response],
    api_client: APIClient,
    currency: str,
) -> None:
    created = pay(regular_customer, currency=currency.lower(), amount=999)
    assert created.status_code == 201
    fetched = api_client.get(f"/payments/{created.json()['id']}", headers=regular_customer.auth)
    assert (fetched.json()["currency"], fetched.json()["amount"]) == (currency, 999)


def test_listing_filters_by_status(
    customer: Customer, pay: Callable[..., httpx.Response], api_client: APIClient
) -> None:
    pay(customer)
    pending = api_client.get(
        f"/users/{customer.id}/payments", params={"status": "pending"}, headers=customer.auth
    ).json()
    refunded = api_client.get(
        f"/users/{customer.id}/payments", params={"status": "refunded"}, headers=customer.auth
    ).json()
    assert (pending["count"], refunded["count"]) == (1, 0)
