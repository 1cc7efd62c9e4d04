"""A customer in a real (headless Chromium) browser: log in, fill the cart, pay."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from pages import CheckoutPage, LoginPage, ProductsPage
from selenium.webdriver.remote.webdriver import WebDriver
from shop_support import Customer

from qatron.api_client import APIClient

pytestmark = [pytest.mark.e2e, pytest.mark.regression, pytest.mark.browser]


@pytest.fixture
def shopping(driver: WebDriver, frontend_url: str, customer: Customer) -> ProductsPage:
    """The products page, for a new customer who just logged in."""
    return LoginPage(driver, frontend_url).open().log_in_as(customer.email, customer.password)


@pytest.mark.critical
def test_customer_pays_the_cart_and_sees_the_confirmation(
    shopping: ProductsPage, card: Callable[[str], str], customer: Customer,
    api_client: APIClient,
) -> None:
    assert shopping.price_of("mug") == "12.50 EUR"
    shopping.add_to_cart("mug", quantity=2).add_to_cart("tee")
    assert shopping.cart_count == 3

    cart = shopping.go_to_cart()
    assert (cart.quantity_of("mug"), cart.quantity_of("tee")) == (2, 1)
    assert cart.subtotal_of("mug") == "25.00 EUR"
    assert cart.total == "44.99 EUR"
    checkout = cart.checkout()
    assert checkout.order_total == "44.99 EUR"

    confirmation = checkout.pay_with(card("visa"))
    assert confirmation.amount == "44.99 EUR"
    assert confirmation.status in {"pending", "settled"}
    assert confirmation.summary.startswith(f"Payment {confirmation.payment_id} — 44.99 EUR")
    payment = api_client.get(f"/payments/{confirmation.payment_id}",
                             headers=customer.auth).json()
    assert (payment["amount"], payment["currency"], payment["card_last4"]) == (4499, "EUR",
                                                                              "1111")
    assert confirmation.go_to_cart().is_empty


def test_removing_a_product_lowers_the_total(shopping: ProductsPage) -> None:
    cart = shopping.add_to_cart("notebook").add_to_cart("hoodie").go_to_cart()
    assert cart.total == "52.25 EUR"
    cart.remove("hoodie")
    assert (cart.quantity_of("hoodie"), cart.quantity_of("notebook")) == (0, 1)
    assert cart.total == "7.25 EUR"
    assert cart.cart_count == 1


def checkout_with_a_mug(shopping: ProductsPage) -> CheckoutPage:
    return shopping.add_to_cart("mug").go_to_cart().checkout()


@pytest.mark.parametrize(("kind", "message"), [
    ("declined", "Card declined (card_declined)"),
    ("insufficient_funds", "Card declined (insufficient_funds)"),
])
def test_a_declined_card_shows_the_decline_and_keeps_the_cart(
    shopping: ProductsPage, card: Callable[[str], str], kind: str, message: str,
    customer: Customer, api_client: APIClient,
) -> None:
    checkout = checkout_with_a_mug(shopping).attempt_payment_with(card(kind))
    assert checkout.error == message
    assert checkout.order_total == "12.50 EUR" and checkout.cart_count == 1
    payments: dict[str, Any] = api_client.get(f"/users/{customer.id}/payments",
                                              headers=customer.auth).json()
    assert payments["count"] == 0


@pytest.mark.parametrize(("number", "message"), [
    ("4111 1111 1111 1112", "Invalid card number: Luhn check failed"),
    ("4111 1111", "Card number must have 12 to 19 digits"),
    ("4111-abcd-1111-1111", "Card number must contain digits only"),
])
def test_an_invalid_card_number_shows_the_validation_message(
    shopping: ProductsPage, number: str, message: str,
) -> None:
    checkout = checkout_with_a_mug(shopping).attempt_payment_with(number)
    assert checkout.error == message
    assert checkout.url.endswith("/checkout")
