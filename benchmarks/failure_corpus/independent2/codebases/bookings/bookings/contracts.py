"""The pricing service's quote contract."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bookings.errors import ContractError

CURRENCIES = ("EUR", "CHF")


@dataclass(frozen=True)
class Quote:
    room_kind: str
    nightly_cents: int
    currency: str
    quote_id: str


def parse_quote(payload: dict[str, Any]) -> Quote:
    """A Quote from the service's JSON; ContractError names the broken field."""
    for name in ("room_kind", "nightly_cents", "currency", "quote_id"):
        if name not in payload:
            raise ContractError(f"quote {payload.get('quote_id', '?')}: field {name!r} missing")
    if not isinstance(payload["nightly_cents"], int):
        raise ContractError(f"quote {payload['quote_id']}: nightly_cents must be an integer, "
                            f"got {payload['nightly_cents']!r}")
    if payload["currency"] not in CURRENCIES:
        raise ContractError(f"quote {payload['quote_id']}: currency {payload['currency']!r} "
                            f"not one of {CURRENCIES}")
    return Quote(payload["room_kind"], payload["nightly_cents"], payload["currency"],
                 payload["quote_id"])
