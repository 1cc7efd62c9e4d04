"""Client of the inventory service (httpx)."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import httpx

from shop.errors import GatewayTimeout, GatewayUnavailable, OutOfStock

log = logging.getLogger(__name__)


class InventoryClient:
    def __init__(self, base_url: str, timeout: float) -> None:
        self.client = httpx.Client(base_url=base_url, timeout=timeout)

    def _get(self, path: str) -> dict:
        try:
            response = self.client.get(path)
            response.raise_for_status()
        except httpx.TimeoutException as exc:
            raise GatewayTimeout("inventory", f"{path} timed out") from exc
        except httpx.ConnectError as exc:
            raise GatewayUnavailable("inventory", f"cannot connect: {exc}") from exc
        except httpx.HTTPStatusError as exc:
            raise GatewayUnavailable("inventory", str(exc), exc.response.status_code) from exc
        return response.json()

    def available(self, sku: str) -> int:
        return int(self._get(f"/stock/{sku}")["available"])

    def availability(self, skus: list[str]) -> list[tuple[str, int]]:
        """Stock of several SKUs, fetched in parallel, in the order asked."""
        with ThreadPoolExecutor(max_workers=4) as pool:
            futures = [pool.submit(self.available, sku) for sku in skus]
            return [(sku, future.result()) for sku, future in zip(skus, futures, strict=True)]

    def reserve(self, sku: str, quantity: int) -> str:
        if self.available(sku) < quantity:
            raise OutOfStock(f"{sku}: fewer than {quantity} in stock")
        try:
            response = self.client.post("/reservations", json={"sku": sku, "quantity": quantity})
            response.raise_for_status()
        except httpx.TimeoutException as exc:
            raise GatewayTimeout("inventory", "reservation timed out") from exc
        except httpx.HTTPStatusError as exc:
            raise GatewayUnavailable("inventory", str(exc), exc.response.status_code) from exc
        reservation = response.json()["reservation_id"]
        log.info("reserved %s x %s as %s", quantity, sku, reservation)
        return reservation
