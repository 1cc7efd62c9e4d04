import pytest

from docketline.partners import PaymentsClient

pytestmark = pytest.mark.partners


def test_charge_returns_receipt(payments: PaymentsClient, uid: str) -> None:
    receipt = payments.charge(f"CV-{uid}", 4500, f"k-{uid}")
    assert receipt["status"] == "captured"
    assert receipt["amount_cents"] == 4500


def test_charge_is_idempotent(payments: PaymentsClient, uid: str) -> None:
    first = payments.charge(f"CV-{uid}", 1500, f"k-{uid}")
    again = payments.charge(f"CV-{uid}", 1500, f"k-{uid}")
    assert first["receipt_id"] == again["receipt_id"]


def test_balance_sums_charges(payments: PaymentsClient, uid: str) -> None:
    payments.charge(f"CV-{uid}", 1000, f"a-{uid}")
    payments.charge(f"CV-{uid}", 2500, f"b-{uid}")
    assert payments.balance(f"CV-{uid}") == 3500


def test_refund(payments: PaymentsClient, uid: str) -> None:
    receipt = payments.charge(f"CV-{uid}", 6000, f"r-{uid}")
    assert payments.refund(receipt["receipt_id"])["status"] == "refunded"


def test_refund_drops_balance(payments: PaymentsClient, uid: str) -> None:
    receipt = payments.charge(f"CV-{uid}", 6000, f"r-{uid}")
    payments.refund(receipt["receipt_id"])
    assert payments.balance(f"CV-{uid}") == 0

