"""Current prices from the wholesale suppliers' HTTP APIs."""

from __future__ import annotations

from decimal import Decimal

import requests
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_fixed


@retry(retry=retry_if_exception_type(requests.Timeout), stop=stop_after_attempt(2),
       wait=wait_fixed(0.1))
def _get(url: str, timeout: float) -> requests.Response:
    return requests.get(url, timeout=timeout)


def category_prices(base_url: str, category: str, timeout: float) -> dict[str, Decimal]:
    """Price per kg of every product of a category."""
    response = _get(f"{base_url}/v1/prices/{category}", timeout)
    response.raise_for_status()
    return {item["sku"]: Decimal(str(item["price_per_kg"])) for item in response.json()["items"]}
