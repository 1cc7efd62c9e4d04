"""Page objects of the shop's web frontend (``frontend/server.mjs``) for browser tests.

    >>> products = LoginPage(driver, frontend_url).open().log_in_as(email, password)
    >>> products.add_to_cart("mug")
    >>> confirmation = products.go_to_cart().checkout().pay_with("4111 1111 1111 1111")
    >>> confirmation.amount
    '12.50 EUR'

Every action waits for the page it leads to (explicit waits, never sleeps); a wait that
runs out fails the test with :class:`qatron.page_object.PageError`.
"""

from pages.cart import CartPage
from pages.checkout import CheckoutPage
from pages.confirmation import ConfirmationPage
from pages.login import LoginPage
from pages.products import ProductsPage
from pages.shop_page import ShopPage

__all__ = ["CartPage", "CheckoutPage", "ConfirmationPage", "LoginPage", "ProductsPage",
           "ShopPage"]
