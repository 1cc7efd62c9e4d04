"""Bank account checks before payouts."""

from __future__ import annotations

import pytest

from claims.config import Settings
from claims.payments import PaymentsClient


@pytest.fixture
def payments(settings: Settings) -> PaymentsClient:
    return PaymentsClient(settings.payments_url, settings.payments_token, settings.http_timeout)


@pytest.mark.parametrize("iban,valid", [
    ("DE44 5001 0517 5407 3249 31", True),
    ("DE89370400440532013000", True),
    ("FR1420041010050500013M02606", False),
    ("DE0012", False),
])
def test_validate_account(payments: PaymentsClient, iban: str, valid: bool) -> None:
    assert payments.validate_account(iban) is valid
