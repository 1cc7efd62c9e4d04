import pytest
from shop.errors import GatewayRejectedCredentials
from shop.payments import PaymentsClient


@pytest.mark.parametrize("amount", [100, 12999, 1])
def test_authorize_returns_charge_id(payments, amount):
    assert payments.authorize(f"T-{amount}", amount).startswith("ch_")


def test_refund_returns_id(payments):
    charge = payments.authorize("T-refund", 500)
    assert payments.refund(charge, 200).startswith("re_")


def test_bad_key_rejected(settings):
    client = PaymentsClient(settings.payments_url, "pk_wrong", settings.http_timeout)
    with pytest.raises(GatewayRejectedCredentials):
        client.authorize("T-bad", 100)
