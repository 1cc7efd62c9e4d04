"""The confirmation of a payment: ``/confirmation/<payment id>``."""

from __future__ import annotations

from pages.shop_page import ShopPage


class ConfirmationPage(ShopPage):
    PATH = "/confirmation/"
    SUMMARY = "#summary"

    def wait_until_shown(self) -> ConfirmationPage:
        self.wait_for(self.SUMMARY)
        return self

    @property
    def summary(self) -> str:
        """``"Payment 12 — 44.99 EUR — pending"``."""
        return self.get_text(self.SUMMARY)

    @property
    def payment_id(self) -> int:
        return int(self.get_text("#payment-id"))

    @property
    def amount(self) -> str:
        """The amount paid: ``"44.99 EUR"``."""
        return self.get_text("#amount")

    @property
    def status(self) -> str:
        """payment-service's status of the payment: ``pending``, then ``settled``."""
        return self.get_text("#status")

    @property
    def card(self) -> str:
        """The card paid with: ``"visa •••• 1111"``."""
        return self.get_text("#card")
