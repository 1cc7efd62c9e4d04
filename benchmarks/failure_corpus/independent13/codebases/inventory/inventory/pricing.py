"""Prices from the pricing partner (httpx) and supplier feeds (pydantic)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
from pydantic import BaseModel


class PricingError(RuntimeError):
    """The pricing partner could not price a request."""


class FeedLine(BaseModel):
    sku: str
    qty: int
    unit_cost: Decimal


def base() -> str:
    return os.environ.get("INV_PRICING_URL", os.environ.get("C13_PARTNER", "http://127.0.0.1:57713") + "/pricing")


def client(url: str | None = None) -> httpx.Client:
    return httpx.Client(base_url=url or base(), timeout=1.0, headers={"Authorization": "Bearer tk-pricing"})


def price(sku: str) -> Decimal:
    with client() as c:
        resp = c.get(f"/api/prices/{sku}")
        resp.raise_for_status()
        return Decimal(resp.json()["unit_price"])


def quote(skus: list[str]) -> dict[str, Any]:
    with client(os.environ.get("INV_QUOTES_URL")) as c:
        resp = c.post("/api/quotes", json={"skus": skus})
        resp.raise_for_status()
        data: dict[str, Any] = resp.json()
        return data


def rates(currency: str) -> dict[str, Any]:
    with client() as c:
        resp = c.post("/graphql?op=Rates", json={"query": "Rates", "variables": {"currency": currency}})
        resp.raise_for_status()
        body = resp.json()
        if body.get("errors"):
            raise PricingError(body["errors"][0]["message"])
        data: dict[str, Any] = body["echo"]
        return data


def parse_feed(path: Path) -> list[FeedLine]:
    return [FeedLine.model_validate(x) for x in json.loads(path.read_text(encoding="utf-8"))]
