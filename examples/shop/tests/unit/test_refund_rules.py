"""Which refunds a payment allows, and the status it ends in."""

from __future__ import annotations

import pytest
from services.domain import PaymentStatus, RefundError, ValidationError, plan_refund

pytestmark = pytest.mark.unit


class TestRefundRules:
    def test_full_refund_by_default(self) -> None:
        assert plan_refund("settled", 1000, 0) == (1000, PaymentStatus.REFUNDED)

    def test_partial_refund(self) -> None:
        assert plan_refund("settled", 1000, 0, 300) == (300, PaymentStatus.PARTIALLY_REFUNDED)

    def test_refunding_the_rest_completes_the_refund(self) -> None:
        assert plan_refund("partially_refunded", 1000, 300, 700) == (700, PaymentStatus.REFUNDED)

    def test_default_refund_is_what_is_left(self) -> None:
        assert plan_refund("partially_refunded", 1000, 300) == (700, PaymentStatus.REFUNDED)

    @pytest.mark.parametrize(("refunded", "requested"), [(0, 1001), (300, 701), (999, 2)])
    def test_cannot_exceed_the_amount(self, refunded: int, requested: int) -> None:
        with pytest.raises(ValidationError, match="exceeds the refundable amount") as caught:
            plan_refund(
                "settled" if not refunded else "partially_refunded", 1000, refunded, requested
            )
        assert caught.value.field == "amount"

    @pytest.mark.parametrize("requested", [0, -5, 2.5])
    def test_refund_amount_must_be_positive_cents(self, requested: object) -> None:
        with pytest.raises(ValidationError):
            plan_refund("settled", 1000, 0, requested)  # type: ignore[arg-type]

    @pytest.mark.parametrize("status", ["pending", "refunded"])
    def test_only_settled_payments_are_refundable(self, status: str) -> None:
        with pytest.raises(RefundError, match=f"this one is {status}"):
            plan_refund(status, 1000, 1000 if status == "refunded" else 0)
