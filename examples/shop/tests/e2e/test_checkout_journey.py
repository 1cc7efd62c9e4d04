"""Whole customer journeys: sign up, log in, pay, and see the payment settle."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Any

import httpx
import pytest
from shop_support import Customer, assert_error, signup_payload

from qatron.api_client import APIClient
from qatron.data_fixtures import load_data_fixture
from qatron.helpers import unique_name

pytestmark = [pytest.mark.e2e, pytest.mark.regression]

Settled = Callable[[Customer, int], dict[str, Any]]
Pay = Callable[..., httpx.Response]


@pytest.mark.smoke
@pytest.mark.critical
def test_new_customer_checkout_settles(
    users: APIClient, api_client: APIClient, environment: dict[str, Any], settled: Settled
) -> None:
    payload = signup_payload("checkout")
    signed_up = users.post("/users", json=payload)
    assert signed_up.status_code == 201
    credentials = {"email": payload["email"], "password": payload["password"]}
    token = users.post("/auth/login", json=credentials).json()["token"]
    user_id = signed_up.json()["id"]
    customer = Customer(user_id, payload["email"], payload["username"], payload["password"], token)

    created = api_client.post(
        "/payments",
        json={
            "amount": 2599,
            "currency": environment["currency"],
            "card_number": "4111111111111111",
        },
        headers=customer.auth,
    )
    assert created.status_code == 201
    payment = settled(customer, created.json()["id"])

    assert payment["status"] == "settled"
    assert payment["settled_at"] >= payment["created_at"]
    history = api_client.get(f"/users/{customer.id}/payments", headers=customer.auth).json()
    assert [(p["id"], p["status"]) for p in history["payments"]] == [(payment["id"], "settled")]


def test_declined_card_then_another_card(
    customer: Customer,
    pay: Pay,
    settled: Settled,
    card: Callable[[str], str],
    api_client: APIClient,
) -> None:
    assert_error(pay(customer, card_number=card("declined")), 402, "declined")
    retry = pay(customer, card_number=card("mastercard"))
    assert retry.status_code == 201
    assert settled(customer, retry.json()["id"])["card_brand"] == "mastercard"
    history = api_client.get(f"/users/{customer.id}/payments", headers=customer.auth).json()
    assert history["count"] == 1  # the declined attempt left no payment behind


def test_several_purchases_settle_and_add_up(
    customer: Customer, pay: Pay, settled: Settled, api_client: APIClient
) -> None:
    amounts = [1999, 4500, 120]
    ids = [pay(customer, amount=amount).json()["id"] for amount in amounts]
    statuses = {settled(customer, payment_id)["status"] for payment_id in ids}
    assert statuses == {"settled"}
    history = api_client.get(
        f"/users/{customer.id}/payments", params={"status": "settled"}, headers=customer.auth
    ).json()
    assert sum(p["amount"] for p in history["payments"]) == sum(amounts)


@pytest.mark.parametrize(
    "scenario", load_data_fixture("checkout_scenarios"), ids=lambda scenario: scenario["name"]
)
def test_checkout_scenario(
    scenario: dict[str, Any],
    customer: Customer,
    pay: Pay,
    settled: Settled,
    card: Callable[[str], str],
    api_client: APIClient,
) -> None:
    ids = [
        pay(
            customer,
            amount=amount,
            currency=scenario["currency"],
            card_number=card(scenario["card"]),
        ).json()["id"]
        for amount in scenario["amounts"]
    ]
    payments = [settled(customer, payment_id) for payment_id in ids]
    assert {(p["currency"], p["status"], p["card_brand"]) for p in payments} == {
        (scenario["currency"], "settled", scenario["card"])
    }
    history = api_client.get(f"/users/{customer.id}/payments", headers=customer.auth).json()
    assert [p["amount"] for p in history["payments"]] == scenario["amounts"]


def test_returning_customer_logs_in_again(
    customer: Customer, users: APIClient, pay: Pay, settled: Settled
) -> None:
    first = pay(customer).json()
    users.post("/auth/logout", headers=customer.auth)
    assert_error(pay(customer), 401)

    login = users.post("/auth/login", json={"email": customer.email, "password": customer.password})
    returning = replace(customer, token=login.json()["token"])
    second = pay(returning, amount=700).json()
    assert settled(returning, first["id"])["status"] == "settled"
    assert settled(returning, second["id"])["amount"] == 700


def test_customers_shopping_at_the_same_time(
    register: Callable[..., Customer], pay: Pay, settled: Settled
) -> None:
    def shop(index: int) -> dict[str, Any]:
        customer = register(f"crowd{index}")
        payment = pay(customer, amount=1000 + index).json()
        return settled(customer, payment["id"]) | {"owner": customer.id}

    with ThreadPoolExecutor(max_workers=4) as pool:
        payments = list(pool.map(shop, range(4)))
    assert [p["amount"] for p in payments] == [1000, 1001, 1002, 1003]
    assert all(p["status"] == "settled" and p["user_id"] == p["owner"] for p in payments)


def test_retrying_a_checkout_does_not_charge_twice(
    customer: Customer, pay: Pay, settled: Settled, api_client: APIClient
) -> None:
    key = {"Idempotency-Key": unique_name("cart")}
    first = pay(customer, headers=key, amount=6400).json()
    settled(customer, first["id"])
    retry = pay(customer, headers=key, amount=6400)  # e.g. after a client-side timeout
    assert retry.status_code == 200
    assert (retry.json()["id"], retry.json()["status"]) == (first["id"], "settled")
    history = api_client.get(f"/users/{customer.id}/payments", headers=customer.auth).json()
    assert history["count"] == 1


def test_customer_moves_email_and_keeps_shopping(
    customer: Customer, users: APIClient, pay: Pay, settled: Settled, api_client: APIClient
) -> None:
    before = settled(customer, pay(customer, amount=1500).json()["id"])
    new_email = signup_payload("moved")["email"]
    users.put(f"/users/{customer.id}", json={"email": new_email}, headers=customer.auth)
    login = users.post("/auth/login", json={"email": new_email, "password": customer.password})
    moved = replace(customer, email=new_email, token=login.json()["token"])
    after = settled(moved, pay(moved, amount=2500).json()["id"])
    history = api_client.get(f"/users/{customer.id}/payments", headers=moved.auth).json()
    assert [p["id"] for p in history["payments"]] == [before["id"], after["id"]]
