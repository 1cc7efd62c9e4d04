"""Shop-specific fixtures.

``environment`` (the URLs of the running services) and ``api_client`` (an
APIClient on the payment service, the environment's ``api_url``) come from
QAtron's pytest plugin; the user service is the environment's ``base_url``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from shop_support import Customer, signup_payload

from qatron.api_client import APIClient
from qatron.data_fixtures import get_test_data
from qatron.helpers import wait_for

# Data files live in examples/shop/data wherever pytest is started from.
os.environ.setdefault("QATRON_PROJECT_DIR", str(Path(__file__).resolve().parents[1]))


@pytest.fixture(scope="session")
def env_name(environment: dict[str, Any]) -> str:
    return str(environment["name"])


@pytest.fixture(scope="session")
def test_data(env_name: str) -> Callable[[str], Any]:
    """``test_data("cards.visa")``: a value from data/<env>/test_data.yml or data/test_data.yml."""
    return lambda key: get_test_data(key, env_name)


@pytest.fixture(scope="session")
def users(environment: dict[str, Any]) -> Iterator[APIClient]:
    """A client for the user service."""
    with APIClient(environment["base_url"]) as client:
        yield client


@pytest.fixture(scope="session")
def register(users: APIClient, test_data: Callable[[str], Any]) -> Callable[..., Customer]:
    """``register(prefix="buyer")``: sign a new customer up and log them in."""

    def _register(prefix: str = "buyer") -> Customer:
        payload = signup_payload(prefix, test_data("users.password"))
        created = users.post("/users", json=payload)
        assert created.status_code == 201, created.text
        login = users.post("/auth/login", json={k: payload[k] for k in ("email", "password")})
        assert login.status_code == 200, login.text
        return Customer(
            id=created.json()["id"],
            email=payload["email"],
            username=payload["username"],
            password=payload["password"],
            token=login.json()["token"],
        )

    return _register


@pytest.fixture
def customer(register: Callable[..., Customer]) -> Customer:
    """A fresh customer for this test alone."""
    return register()


@pytest.fixture(scope="session")
def regular_customer(register: Callable[..., Customer]) -> Customer:
    """One customer shared by the tests that only read or add their own payments."""
    return register("regular")


@pytest.fixture(scope="session")
def frontend_url(environment: dict[str, Any]) -> str:
    """The URL of the environment's web frontend, where the browser tests go."""
    service = environment.get("services", {}).get("web-frontend")
    if not service:
        pytest.fail(f"environment {environment.get('name')!r} runs no web-frontend: the "
                    f"browser tests need one (add it to the environment's services in "
                    f"qatron.yml)", pytrace=False)
    return str(service["url"])


@pytest.fixture(scope="session")
def card(test_data: Callable[[str], Any]) -> Callable[[str], str]:
    """``card("visa")``: a test card number from the test data."""
    return lambda kind: str(test_data(f"cards.{kind}"))


@pytest.fixture
def pay(
    api_client: APIClient,
    environment: dict[str, Any],
    test_data: Callable[[str], Any],
    card: Callable[[str], str],
) -> Callable[..., httpx.Response]:
    """``pay(customer, amount=..., ...)``: POST /payments as ``customer``.

    Defaults: the test data's amount, the environment's currency, a Visa card.
    """
    body = {
        "amount": test_data("payments.amount"),
        "currency": environment.get("currency", "EUR"),
        "card_number": card("visa"),
    }

    def _pay(
        customer: Customer, headers: dict[str, str] | None = None, **fields: Any
    ) -> httpx.Response:
        return api_client.post(
            "/payments", json={**body, **fields}, headers={**customer.auth, **(headers or {})}
        )

    return _pay


@pytest.fixture
def settled(
    api_client: APIClient, test_data: Callable[[str], Any]
) -> Callable[[Customer, int], dict[str, Any]]:
    """``settled(customer, payment_id)``: poll until the payment has settled, and return it."""
    timeout = float(test_data("settlement.timeout"))

    def _settled(customer: Customer, payment_id: int) -> dict[str, Any]:
        def payment_if_settled() -> dict[str, Any] | None:
            payment = api_client.get(f"/payments/{payment_id}", headers=customer.auth).json()
            return payment if payment["status"] != "pending" else None

        return wait_for(
            payment_if_settled,
            timeout=timeout,
            interval=0.05,
            message=f"payment {payment_id} did not settle",
        )

    return _settled
