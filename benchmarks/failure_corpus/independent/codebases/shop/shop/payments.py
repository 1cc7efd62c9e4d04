"""Client of the payment gateway (requests)."""

from __future__ import annotations

import logging

import requests

from shop.errors import GatewayRejectedCredentials, GatewayTimeout, GatewayUnavailable

log = logging.getLogger(__name__)


class PaymentsClient:
    def __init__(self, base_url: str, api_key: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {api_key}"

    def _post(self, path: str, payload: dict) -> dict:
        url = f"{self.base_url}{path}"
        try:
            response = self.session.post(url, json=payload, timeout=self.timeout)
        except requests.Timeout as exc:
            log.warning("payments timed out after %ss: %s", self.timeout, url)
            raise GatewayTimeout("payments", f"no answer within {self.timeout}s") from exc
        except requests.ConnectionError as exc:
            log.error("payments unreachable: %s", url)
            raise GatewayUnavailable("payments", f"cannot connect to {self.base_url}") from exc
        if response.status_code in (401, 403):
            raise GatewayRejectedCredentials("payments", response.json().get("error", "denied"),
                                             response.status_code)
        try:
            response.raise_for_status()
        except requests.HTTPError as exc:
            log.error("payments answered %s (request id %s)", response.status_code,
                      response.headers.get("X-Request-Id"))
            raise GatewayUnavailable("payments", str(exc), response.status_code) from exc
        return response.json()

    def authorize(self, order_ref: str, amount_cents: int, currency: str = "EUR") -> str:
        """Authorize a charge; return the charge id."""
        body = self._post("/v1/charges", {"reference": order_ref, "amount": amount_cents,
                                          "currency": currency})
        log.info("charge %s authorized for %s", body["id"], order_ref)
        return body["id"]

    def refund(self, charge_id: str, amount_cents: int) -> str:
        body = self._post("/v1/refunds", {"charge": charge_id, "amount": amount_cents})
        return body["id"]
