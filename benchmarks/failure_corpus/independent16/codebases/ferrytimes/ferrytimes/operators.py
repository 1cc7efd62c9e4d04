"""Schedules imported from ferry operators."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ferrytimes.errors import ContractError, PartnerUnavailable
from ferrytimes.partners import call
from ferrytimes.settings import Settings

REQUIRED = {"route": str, "departs": str, "arrives": str, "vessel": str, "capacity": int}
STATUSES = {"scheduled", "cancelled", "departed"}


def validate(sailing: dict[str, Any]) -> dict[str, Any]:
    """Checks an operator's sailing against the contract and parses its times."""
    for field, kind in REQUIRED.items():
        if field not in sailing:
            raise ContractError(f"sailing lacks required field {field!r}")
        if not isinstance(sailing[field], kind):
            raise ContractError(
                f"field {field!r} should be {kind.__name__}, got {type(sailing[field]).__name__}")
    status = sailing.get("status", "scheduled")
    if status not in STATUSES:
        raise ContractError(f"status {status!r} is not one of {sorted(STATUSES)}")
    departs = dt.datetime.fromisoformat(sailing["departs"])
    arrives = dt.datetime.fromisoformat(sailing["arrives"])
    if arrives <= departs:
        raise ContractError(f"sailing of {sailing['route']} arrives before it departs")
    return {**sailing, "departs": departs, "arrives": arrives, "status": status}


def fetch_schedule(settings: Settings, operator: str) -> list[dict[str, Any]]:
    """The validated sailings published by ``operator``."""
    base = settings.operator_urls.get(operator)
    if base is None:
        raise PartnerUnavailable(f"no address configured for operator {operator}")
    answer = call(f"operator {operator}", base, f"/v1/operators/{operator}/schedule",
                  settings.partner_token, settings.partner_timeout)
    if answer.get("operator") != operator:
        raise ContractError(f"schedule names operator {answer.get('operator')!r}, "
                            f"expected {operator!r}")
    return [validate(s) for s in answer["sailings"]]
