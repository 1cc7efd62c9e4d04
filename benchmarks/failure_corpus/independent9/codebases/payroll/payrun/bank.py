"""Client of the bank's payment gateway (over ``httpx``)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from payrun.errors import BankError

log = logging.getLogger(__name__)

STATUSES = frozenset({"accepted", "processing", "settled", "rejected"})


@dataclass(frozen=True)
class Payment:
    """Net pay of one employee to one account."""

    employee: str
    iban: str
    amount: Decimal


class BankClient:
    """Submits payment batches and follows them until settled."""

    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self.client = httpx.Client(
            base_url=base_url,
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
        )

    def close(self) -> None:
        self.client.close()

    def submit(self, reference: str, period: str, payments: list[Payment]) -> str:
        """Send a batch; any failure becomes a ``BankError`` naming the batch."""
        body = {
            "reference": reference,
            "period": period,
            "payments": [
                {"employee": p.employee, "iban": p.iban, "amount": str(p.amount)}
                for p in payments
            ],
        }
        try:
            response = self.client.post("/v2/batches", json=body)
            response.raise_for_status()
        except httpx.HTTPError as exc:
            log.error("batch %s not submitted: %s", reference, exc)
            raise BankError(f"batch {reference} not submitted") from exc
        batch_id = str(response.json()["batch_id"])
        log.info("batch %s submitted as %s", reference, batch_id)
        return batch_id

    def status(self, batch_id: str) -> str:
        """The gateway's status of a batch, checked against the documented values."""
        response = self.client.get(f"/v2/batches/{batch_id}")
        response.raise_for_status()
        status = _field(response.json(), "status")
        if status not in STATUSES:
            raise BankError(f"batch {batch_id}: undocumented status {status!r}")
        return status

    def verify_account(self, iban: str) -> str:
        """The holder's name of an account; the gateway answers 404 for unknown ones."""
        response = self.client.get(f"/v2/accounts/{iban}")
        response.raise_for_status()
        return str(_field(response.json(), "holder"))


def _field(body: dict[str, Any], name: str) -> Any:
    if name not in body:
        raise BankError(f"gateway answer without {name!r}: {sorted(body)}")
    return body[name]
