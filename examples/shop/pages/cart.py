"""The cart: ``/cart``."""

from __future__ import annotations

from pages.checkout import CheckoutPage
from pages.shop_page import ShopPage


class CartPage(ShopPage):
    PATH = "/cart"
    TOTAL = "#cart-total"
    EMPTY = "#empty-cart"
    CHECKOUT = "a#checkout"

    def open(self, path: str = "") -> CartPage:
        super().open(path)
        self.wait_for("h1")
        return self

    @property
    def total(self) -> str:
        """The cart's total: ``"44.99 EUR"``."""
        return self.get_text(self.TOTAL)

    @property
    def is_empty(self) -> bool:
        return self.is_displayed(self.EMPTY)

    def quantity_of(self, product: str) -> int:
        """How many of ``product`` the cart holds (0 when it has no line for it)."""
        if not self.is_displayed(f"#item-{product}"):
            return 0
        return int(self.get_text(f"#item-{product} .quantity"))

    def subtotal_of(self, product: str) -> str:
        return self.get_text(f"#item-{product} .subtotal")

    def remove(self, product: str) -> CartPage:
        """Take ``product`` out of the cart."""
        self.submit(f"#remove-{product}")
        return self

    def checkout(self) -> CheckoutPage:
        """Go on to pay (the customer is logged in)."""
        self.click(self.CHECKOUT)
        self.wait_for_url(CheckoutPage.PATH)
        return self.page(CheckoutPage).wait_until_shown()
