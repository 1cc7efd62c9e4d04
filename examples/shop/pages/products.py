"""The catalogue: ``/products``."""

from __future__ import annotations

from pages.shop_page import ShopPage


class ProductsPage(ShopPage):
    PATH = "/products"
    NOTICE = "#notice"

    def open(self, path: str = "") -> ProductsPage:
        super().open(path)
        self.wait_for("#products")
        return self

    def price_of(self, product: str) -> str:
        """The price shown for ``product`` (an id such as ``mug``): ``"12.50 EUR"``."""
        return self.get_text(f"#product-{product} .price")

    def add_to_cart(self, product: str, quantity: int = 1) -> ProductsPage:
        """Add ``quantity`` of ``product`` to the cart, waiting until the cart counts them."""
        for _ in range(quantity):
            before = self.cart_count
            self.submit(f"#add-{product}")
            if self.cart_count != before + 1:
                raise AssertionError(f"adding {product} left the cart at {self.cart_count} "
                                     f"items (it held {before}): {self.get_text(self.NOTICE)}")
        return self
