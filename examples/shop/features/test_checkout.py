"""The steps of ``checkout.feature``, on the shop's page objects in a headless Chromium.

Run it as the ``bdd`` suite: ``qatron run --suite bdd --env local --project examples/shop``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pages import CheckoutPage, ConfirmationPage, LoginPage, ProductsPage, ShopPage
from pytest_bdd import given, parsers, scenarios, then, when
from selenium.webdriver.remote.webdriver import WebDriver
from shop_support import Customer

from qatron.api_client import APIClient

scenarios("checkout.feature")

#: The test card (a key of the test data's ``cards``) each payment method pays with.
PAYMENT_METHODS = {"Visa": "visa", "Mastercard": "mastercard", "American Express": "amex"}
#: What "I have items in my cart" puts in it, and what that costs.
CART = {"mug": 2, "tee": 1}
CART_TOTAL = "44.99 EUR"


@dataclass
class Visit:
    """One customer's visit to the shop: who, the page they are on, the card chosen."""

    customer: Customer
    page: ShopPage
    card: str = ""

    def on(self, kind: type[Any]) -> Any:
        """The current page as a ``kind`` page, failing if the browser is elsewhere."""
        assert isinstance(self.page, kind), f"expected a {kind.__name__}, on {self.page.url}"
        return self.page


@given(parsers.parse('I am logged in as "{email}"'), target_fixture="visit")
def logged_in(email: str, driver: WebDriver, frontend_url: str,
              register: Callable[..., Customer]) -> Visit:
    customer = register(email.split("@")[0])
    page = LoginPage(driver, frontend_url).open().log_in_as(customer.email, customer.password)
    return Visit(customer, page)


@given("I have items in my cart")
def items_in_cart(visit: Visit) -> None:
    products: ProductsPage = visit.on(ProductsPage)
    for product, quantity in CART.items():
        products.add_to_cart(product, quantity)


@when("I proceed to checkout")
def proceed_to_checkout(visit: Visit) -> None:
    visit.page = visit.page.go_to_cart().checkout()
    assert visit.on(CheckoutPage).order_total == CART_TOTAL


@when("I enter valid payment details")
def valid_payment_details(visit: Visit, card: Callable[[str], str]) -> None:
    visit.on(CheckoutPage).enter_card_number(card("visa"))


@when(parsers.parse('I enter invalid credit card "{number}"'))
def invalid_card(visit: Visit, number: str) -> None:
    visit.on(CheckoutPage).enter_card_number(number)


@when(parsers.parse('I select payment method "{payment_method}"'))
def select_payment_method(visit: Visit, payment_method: str,
                          card: Callable[[str], str]) -> None:
    assert payment_method in PAYMENT_METHODS, (
        f"no test card for {payment_method!r}: one of {', '.join(PAYMENT_METHODS)}")
    visit.card = card(PAYMENT_METHODS[payment_method])


@when("I enter payment details")
def payment_details(visit: Visit) -> None:
    assert visit.card, "no payment method selected before entering its details"
    visit.on(CheckoutPage).enter_card_number(visit.card)


@when("I confirm the order")
def confirm_order(visit: Visit) -> None:
    visit.on(CheckoutPage).pay()


@then("I should see order confirmation")
def order_confirmation(visit: Visit) -> None:
    visit.page.wait_for_url("/confirmation/")
    visit.page = visit.page.page(ConfirmationPage).wait_until_shown()
    assert visit.on(ConfirmationPage).amount == CART_TOTAL


@then("the payment should be recorded for my account")
def payment_recorded(visit: Visit, api_client: APIClient) -> None:
    confirmation: ConfirmationPage = visit.on(ConfirmationPage)
    customer = visit.customer
    payments = api_client.get(f"/users/{customer.id}/payments", headers=customer.auth).json()
    assert [p["id"] for p in payments["payments"]] == [confirmation.payment_id]


@then(parsers.parse("the confirmation should show a {brand} card"))
def confirmation_card(visit: Visit, brand: str) -> None:
    assert visit.on(ConfirmationPage).card.startswith(f"{brand} ••••")


@then(parsers.parse('I should see error message "{message}"'))
def error_message(visit: Visit, message: str) -> None:
    assert visit.on(CheckoutPage).error == message


@then("my cart should still contain items")
def cart_still_full(visit: Visit) -> None:
    checkout: CheckoutPage = visit.on(CheckoutPage)
    assert checkout.cart_count == sum(CART.values())
    assert checkout.order_total == CART_TOTAL
