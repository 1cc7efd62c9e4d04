"""Sends planned moves to the van dispatch partner."""

from __future__ import annotations

from typing import Any

import httpx

from dockbal.balancer import PlannedMove


class DispatchError(Exception):
    """The dispatch partner did not take the moves."""


def dispatch(base_url: str, moves: list[PlannedMove], timeout: float,
             priority: bool = False) -> dict[str, Any]:
    """Post the moves; priority moves go to the partner's urgent queue."""
    path = "/v1/dispatch/priority" if priority else "/v1/dispatch"
    payload = {"moves": [m.__dict__ for m in moves], "urgent": priority}
    try:
        response = httpx.post(base_url + path, json=payload, timeout=timeout)
        response.raise_for_status()
    except httpx.TimeoutException as exc:
        raise DispatchError(f"dispatch partner did not answer within {timeout}s") from exc
    except httpx.HTTPStatusError as exc:
        raise DispatchError(f"dispatch refused: HTTP {exc.response.status_code}") from exc
    result: dict[str, Any] = response.json()
    return result
