"""Clients of the partner services: the fee payment gateway and the state bar registry."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from docketline.errors import (
    ContractViolation,
    PartnerRejected,
    PartnerTimeout,
    PartnerUnavailable,
)

log = logging.getLogger(__name__)
ATTORNEY_STATUSES = frozenset({"active", "inactive", "suspended"})
PAYMENT_STATUSES = frozenset({"captured", "pending"})


def make_session(token: str) -> requests.Session:
    """A session with a bounded pool that retries idempotent reads once on connect errors."""
    retry = Retry(
        total=1, connect=1, read=0, status=0, allowed_methods=frozenset({"GET"}), backoff_factor=0
    )
    session = requests.Session()
    adapter = HTTPAdapter(max_retries=retry, pool_connections=2, pool_maxsize=8)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["Authorization"] = f"Bearer {token}"
    session.headers["User-Agent"] = "docketline/1.4"
    return session


def _checked(resp: requests.Response, partner: str) -> dict[str, Any]:
    if resp.status_code in (401, 403):
        raise PartnerRejected(f"{partner} refused the service token: HTTP {resp.status_code}")
    if resp.status_code >= 500:
        raise PartnerUnavailable(f"{partner} failed: HTTP {resp.status_code}")
    resp.raise_for_status()
    body: dict[str, Any] = resp.json()
    return body


class PaymentsClient:
    """Charges and refunds filing fees at the payment gateway."""

    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = make_session(token)

    def charge(self, case_number: str, amount_cents: int, idempotency_key: str) -> dict[str, Any]:
        """Charge a filing fee; returns the receipt."""
        try:
            resp = self.session.post(
                f"{self.base_url}/v1/charges",
                json={"reference": case_number, "amount_cents": amount_cents},
                headers={"Idempotency-Key": idempotency_key},
                timeout=self.timeout,
            )
        except requests.Timeout as exc:
            raise PartnerTimeout(f"payment gateway timed out after {self.timeout}s") from exc
        except requests.ConnectionError as exc:
            raise PartnerUnavailable("payment gateway unreachable") from exc
        receipt = _checked(resp, "payment gateway")
        if not isinstance(receipt.get("receipt_id"), str):
            raise ContractViolation(f"charge answer without a receipt_id: {sorted(receipt)}")
        if receipt.get("status") not in PAYMENT_STATUSES:
            raise ContractViolation(f"unknown charge status {receipt.get('status')!r}")
        log.info("charged %d cents for %s: %s", amount_cents, case_number, receipt["receipt_id"])
        return receipt

    def refund(self, receipt_id: str) -> dict[str, Any]:
        """Refund a charge."""
        resp = self.session.post(
            f"{self.base_url}/v1/refunds", json={"receipt_id": receipt_id}, timeout=self.timeout
        )
        resp.raise_for_status()
        body: dict[str, Any] = resp.json()
        return body

    def balance(self, case_number: str) -> int:
        """Cents charged so far for a case reference."""
        resp = self.session.get(
            f"{self.base_url}/v1/balances/{case_number}", timeout=self.timeout
        )
        return int(_checked(resp, "payment gateway")["charged_cents"])


@dataclass(frozen=True)
class Attorney:
    """An attorney as the bar registry knows them."""

    bar_number: str
    name: str
    status: str


class BarRegistryClient:
    """Looks attorneys up at the state bar registry."""

    def __init__(self, base_url: str, token: str, timeout: float, workers: int = 4) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.workers = workers
        self.session = make_session(token)

    def _attorney(self, body: dict[str, Any]) -> Attorney:
        status = body.get("status")
        if status not in ATTORNEY_STATUSES:
            raise ContractViolation(f"bar registry status {status!r} is not one of the contract's")
        return Attorney(str(body["bar_number"]), str(body["name"]), str(status))

    def lookup(self, bar_number: str) -> Attorney:
        """One attorney by bar number."""
        try:
            resp = self.session.get(
                f"{self.base_url}/v2/attorneys/{bar_number}", timeout=self.timeout
            )
        except requests.Timeout as exc:
            raise PartnerTimeout(f"bar registry timed out on {bar_number}") from exc
        except requests.ConnectionError as exc:
            raise PartnerUnavailable("bar registry unreachable") from exc
        return self._attorney(_checked(resp, "bar registry"))

    def verify_many(self, bar_numbers: list[str]) -> dict[str, bool]:
        """Whether each attorney may file, looked up in parallel."""
        with ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="bar") as pool:
            found = list(pool.map(self.lookup, bar_numbers))
        return {a.bar_number: a.status == "active" for a in found}

    def batch(self, bar_numbers: list[str]) -> list[Attorney]:
        """Many attorneys in one request."""
        resp = self.session.post(
            f"{self.base_url}/v2/attorneys:batch",
            json={"bar_numbers": bar_numbers},
            timeout=self.timeout,
        )
        resp.raise_for_status()
        return [self._attorney(item) for item in resp.json()["attorneys"]]
