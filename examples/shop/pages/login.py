"""The login page: ``/login``."""

from __future__ import annotations

from pages.products import ProductsPage
from pages.shop_page import ShopPage


class LoginPage(ShopPage):
    PATH = "/login"
    EMAIL = "#email"
    PASSWORD = "#password"
    LOG_IN = "button#login"

    def open(self, path: str = "") -> LoginPage:
        super().open(path)
        self.wait_for(self.EMAIL)
        return self

    def log_in_as(self, email: str, password: str) -> ProductsPage:
        """Log in with the right password; the shop shows its products."""
        self.attempt_log_in(email, password)
        self.wait_for_url(ProductsPage.PATH)
        return self.page(ProductsPage)

    def attempt_log_in(self, email: str, password: str) -> LoginPage:
        """Fill the form and submit it, whatever the outcome."""
        self.send_keys(self.EMAIL, email)
        self.send_keys(self.PASSWORD, password)
        self.submit(self.LOG_IN)
        return self
