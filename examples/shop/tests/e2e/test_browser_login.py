"""Logging in to the shop in a real (headless Chromium) browser."""

from __future__ import annotations

import pytest
from pages import CheckoutPage, LoginPage, ProductsPage
from selenium.webdriver.remote.webdriver import WebDriver
from shop_support import Customer

pytestmark = [pytest.mark.e2e, pytest.mark.regression, pytest.mark.browser]


def test_a_wrong_password_shows_the_error(
    driver: WebDriver, frontend_url: str, customer: Customer
) -> None:
    login = LoginPage(driver, frontend_url).open().attempt_log_in(customer.email, "Wrong-Pass-1")
    assert login.error == "Invalid email or password"
    assert login.url.endswith("/login")
    products = login.log_in_as(customer.email, customer.password)
    assert not products.is_displayed(products.ERROR)


def test_checkout_asks_to_log_in_then_comes_back(
    driver: WebDriver, frontend_url: str, customer: Customer
) -> None:
    ProductsPage(driver, frontend_url).open().add_to_cart("tee")
    login = LoginPage(driver, frontend_url).open("/checkout")
    assert "/login?next=" in login.url
    login.attempt_log_in(customer.email, customer.password)
    assert login.wait_for_url("/checkout").endswith("/checkout")
    assert login.page(CheckoutPage).wait_until_shown().order_total == "19.99 EUR"
