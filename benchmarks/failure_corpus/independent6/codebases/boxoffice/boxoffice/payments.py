"""Client of the payment provider (JSON over HTTP, 1 s budget, no retries)."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

from boxoffice.errors import PaymentRefused, PaymentUnavailable

TIMEOUT = 1.0


def charge(order_id: int, cents: int) -> str:
    """Charge an order; returns the provider's charge id."""
    body = json.dumps({"order": order_id, "amount_cents": cents}).encode()
    request = urllib.request.Request(
        os.environ["PAYMENTS_URL"].rstrip("/") + "/charges",
        data=body,
        headers={"X-Api-Key": os.environ["PAYMENTS_KEY"], "Content-Type": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as exc:
        if exc.code in (401, 403):
            raise PaymentRefused(f"payment provider refused the key: {exc.code}") from exc
        raise PaymentUnavailable(f"payment provider answered {exc.code}") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise exc.reason from exc
        raise PaymentUnavailable(f"payment provider unreachable: {exc.reason}") from exc
    return str(answer["charge_id"])
