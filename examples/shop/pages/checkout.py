"""The checkout: ``/checkout``, the card form for the cart's total."""

from __future__ import annotations

from pages.confirmation import ConfirmationPage
from pages.shop_page import ShopPage


class CheckoutPage(ShopPage):
    PATH = "/checkout"
    ORDER_TOTAL = "#order-total"
    CARD_NUMBER = "#card-number"
    PAY = "button#pay"

    def open(self, path: str = "") -> CheckoutPage:
        super().open(path)
        return self.wait_until_shown()

    def wait_until_shown(self) -> CheckoutPage:
        self.wait_for(self.CARD_NUMBER)
        return self

    @property
    def order_total(self) -> str:
        """The amount the customer is about to pay: ``"44.99 EUR"``."""
        return self.get_text(self.ORDER_TOTAL)

    def pay_with(self, card_number: str) -> ConfirmationPage:
        """Pay with a card payment-service accepts; the shop confirms the payment."""
        self.attempt_payment_with(card_number)
        self.wait_for_url("/confirmation/")
        return self.page(ConfirmationPage).wait_until_shown()

    def attempt_payment_with(self, card_number: str) -> CheckoutPage:
        """Enter ``card_number`` and pay, whatever payment-service answers."""
        return self.enter_card_number(card_number).pay()

    def enter_card_number(self, card_number: str) -> CheckoutPage:
        self.send_keys(self.CARD_NUMBER, card_number)
        return self

    def pay(self) -> CheckoutPage:
        """Submit the card form; the browser shows the confirmation or this page's error."""
        self.submit(self.PAY)
        return self
