import json
import urllib.request
from collections.abc import Iterator
from decimal import Decimal

import httpx
import pytest

from payrun.bank import BankClient, Payment
from payrun.callbacks import CallbackListener

CALLBACK_PORT = 18937


def test_batch_submitted(bank: BankClient) -> None:
    batch_id = bank.submit("PAY-T1", "2026-11", [
        Payment("E001", "GB11PAYR00010001", Decimal("1200.50")),
    ])
    assert batch_id.startswith("B")


def test_submitted_batch_settles(bank: BankClient) -> None:
    batch_id = bank.submit("PAY-T2", "2026-11", [
        Payment("E002", "GB22PAYR00020002", Decimal("900.00")),
    ])
    assert bank.status(batch_id) == "settled"


def test_status_of_unknown_batch(bank: BankClient) -> None:
    with pytest.raises(httpx.HTTPStatusError) as info:
        bank.status("B1")
    assert info.value.response.status_code == 404


def test_account_holder(bank: BankClient) -> None:
    assert bank.verify_account("GB11PAYR00010001") == "Holder of 0001"


def test_foreign_account_unknown(bank: BankClient) -> None:
    with pytest.raises(httpx.HTTPStatusError):
        bank.verify_account("DE0012345")


@pytest.fixture
def listener() -> Iterator[CallbackListener]:
    server = CallbackListener(CALLBACK_PORT)
    server.start()
    yield server
    server.stop()


def test_settlement_notification_recorded(listener: CallbackListener) -> None:
    body = json.dumps({"type": "settled", "batch_id": "B1001"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{CALLBACK_PORT}/events", data=body,
                                     method="POST")
    with urllib.request.urlopen(request, timeout=2) as response:
        assert response.status == 204
    assert listener.settled() == {"B1001"}
