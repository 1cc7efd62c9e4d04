"""Client of the parts supplier: quotes and purchase orders, over a retrying requests session."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from fleetcare.errors import PartsAuthError, PartsContractError

log = logging.getLogger(__name__)

CURRENCIES = frozenset({"EUR", "GBP", "USD"})


@dataclass(frozen=True)
class Quote:
    """The supplier's price and stock for one part at one depot."""

    sku: str
    price_cents: int
    currency: str
    stock: int


def make_session(api_key: str) -> requests.Session:
    """A session that retries idempotent calls on connection faults and gateway errors."""
    retry = Retry(total=2, connect=2, read=1, status=2, backoff_factor=0.05, backoff_max=0.5,
                  status_forcelist=(502, 503, 504), allowed_methods=frozenset({"GET"}))
    session = requests.Session()
    session.mount("http://", HTTPAdapter(max_retries=retry))
    session.headers["X-Api-Key"] = api_key
    return session


def parse_quote(payload: dict[str, Any]) -> Quote:
    """Check the quote payload against the supplier's contract."""
    for field in ("sku", "price_cents", "currency", "stock"):
        if field not in payload:
            raise PartsContractError(f"quote lacks {field!r}")
    price = payload["price_cents"]
    if not isinstance(price, int) or isinstance(price, bool):
        raise PartsContractError(f"price_cents must be an integer, got {price!r}")
    if payload["currency"] not in CURRENCIES:
        raise PartsContractError(f"unknown currency {payload['currency']!r}")
    return Quote(str(payload["sku"]), price, str(payload["currency"]), int(payload["stock"]))


class PartsClient:
    """Quotes and orders parts for a depot."""

    def __init__(self, base_url: str, api_key: str, timeout: float = 0.5) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.session = make_session(api_key)

    def _check(self, response: requests.Response) -> dict[str, Any]:
        if response.status_code in (401, 403):
            try:
                response.raise_for_status()
            except requests.HTTPError as exc:
                raise PartsAuthError(f"supplier refused the key: {response.text}") from exc
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def quote(self, sku: str, depot: str) -> Quote:
        response = self.session.get(f"{self.base_url}/v1/parts/{sku}", params={"depot": depot},
                                    timeout=self.timeout)
        return parse_quote(self._check(response))

    def order(self, depot: str, lines: list[tuple[str, int]]) -> str:
        payload = {"depot": depot, "lines": [{"sku": s, "qty": q} for s, q in lines]}
        response = self.session.post(f"{self.base_url}/v1/orders", json=payload,
                                     timeout=self.timeout)
        body = self._check(response)
        log.info("order %s placed for %s", body["order_ref"], depot)
        return str(body["order_ref"])

    def basket_total(self, depot: str, lines: list[tuple[str, int]]) -> tuple[int, str]:
        """Total price of the lines in cents, and its currency."""
        quotes = [(self.quote(sku, depot), qty) for sku, qty in lines]
        currencies = {q.currency for q, _ in quotes}
        if len(currencies) > 1:
            raise PartsContractError(f"mixed currencies {sorted(currencies)}")
        return sum(q.price_cents * qty for q, qty in quotes), currencies.pop()
