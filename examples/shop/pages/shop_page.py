"""What every page of the shop has: the navigation bar and its error messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from qatron.page_object import BasePage

if TYPE_CHECKING:
    from pages.cart import CartPage

_Page = TypeVar("_Page", bound="ShopPage")


class ShopPage(BasePage):
    """A page of the shop; ``PATH`` is where :meth:`open` goes by default."""

    PATH = "/"
    CART_COUNT = "#cart-count"
    CART_LINK = "#cart-link"
    ERROR = "#error"

    def open(self, path: str = "") -> ShopPage:
        """Load this page (``PATH`` unless ``path`` is given)."""
        super().open(path or self.PATH)
        return self

    @property
    def cart_count(self) -> int:
        """How many items the navigation bar says the cart holds."""
        return int(self.get_text(self.CART_COUNT))

    @property
    def error(self) -> str:
        """The error message the page shows."""
        return self.get_text(self.ERROR)

    def go_to_cart(self) -> CartPage:
        """Follow the navigation bar's cart link."""
        from pages.cart import CartPage  # the cart page is a ShopPage too

        self.click(self.CART_LINK)
        self.wait_for_url(CartPage.PATH)
        return self.page(CartPage)

    def page(self, kind: type[_Page]) -> _Page:
        """The current page seen as a ``kind`` page (same driver, base URL and timeout)."""
        return kind(self.driver, self.base_url, self.timeout)

