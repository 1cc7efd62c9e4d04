"""Client of the payments partner (requests)."""

from __future__ import annotations

import logging
from typing import Any

import requests

from claims.errors import (
    AuthRejected,
    ContractError,
    UpstreamError,
    UpstreamTimeout,
    UpstreamUnavailable,
)

log = logging.getLogger("claims.payments")
PAYOUT_STATES = frozenset({"accepted", "settled", "rejected"})


class PaymentsClient:
    """Sends payouts and validates bank accounts with a bearer token."""

    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.timeout = timeout

    def _post(self, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        try:
            response = self.session.post(self.base_url + path, json=payload,
                                         timeout=self.timeout)
        except requests.Timeout as exc:
            raise UpstreamTimeout(f"payments {path} timed out after {self.timeout}s") from exc
        except requests.ConnectionError as exc:
            raise UpstreamUnavailable(f"payments {path} unreachable") from exc
        if response.status_code in (401, 403):
            raise AuthRejected(f"payments refused token: HTTP {response.status_code}"
                               f" {response.text}")
        if response.status_code >= 400:
            raise UpstreamError("payments", response.status_code, response.text)
        body: dict[str, Any] = response.json()
        return body

    def pay(self, claim: str, amount_cents: int, iban: str) -> dict[str, Any]:
        """Order a payout and return the partner's receipt."""
        receipt = self._post("/payouts", {"claim": claim, "amount_cents": amount_cents,
                                          "iban": iban, "currency": "EUR"})
        if receipt.get("status") not in PAYOUT_STATES:
            raise ContractError(f"payout status {receipt.get('status')!r} for {claim}"
                                " is not allowed")
        if not isinstance(receipt.get("reference"), str):
            raise ContractError(f"payout receipt for {claim} has no reference")
        log.info("payout for %s: %s", claim, receipt["status"])
        return receipt

    def validate_account(self, iban: str) -> bool:
        """Ask the partner whether an account can receive payouts."""
        answer = self._post("/accounts/validate", {"iban": iban})
        return bool(answer["valid"])
