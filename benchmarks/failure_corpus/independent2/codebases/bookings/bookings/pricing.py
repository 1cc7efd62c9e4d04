"""Async client of the pricing service (httpx.AsyncClient)."""

from __future__ import annotations

import asyncio

import httpx

from bookings.contracts import Quote, parse_quote
from bookings.errors import PricingRejected, PricingUnavailable


class PricingClient:
    def __init__(self, base_url: str, token: str, timeout: float) -> None:
        self._client = httpx.AsyncClient(base_url=base_url, timeout=timeout,
                                         headers={"Authorization": f"Bearer {token}"})

    async def __aenter__(self) -> PricingClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._client.aclose()

    async def quote(self, room_kind: str, nights: int) -> Quote:
        try:
            response = await self._client.get(f"/v2/quotes/{room_kind}",
                                               params={"nights": nights})
            response.raise_for_status()
        except httpx.HTTPStatusError as exc:
            if exc.response.status_code >= 500:
                raise PricingUnavailable(f"pricing answered {exc.response.status_code} "
                                         f"for {room_kind}") from exc
            raise PricingRejected(f"pricing refused {room_kind}: "
                                  f"{exc.response.status_code}") from exc
        return parse_quote(response.json())

    async def quotes(self, kinds: list[str], nights: int) -> dict[str, Quote]:
        found = await asyncio.gather(*(self.quote(kind, nights) for kind in kinds))
        return dict(zip(kinds, found, strict=True))
