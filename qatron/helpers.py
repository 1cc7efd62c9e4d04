"""Small helpers for tests: polling for a condition and unique test data.

Example::

    from qatron.helpers import unique_email, wait_for

    email = unique_email("buyer")            # buyer-3f9c...@example.test
    payment = wait_for(
        lambda: settled(api.get(f"/payments/{pid}").json()),
        timeout=5,
        message=f"payment {pid} did not settle",
    )
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

EMAIL_DOMAIN = "example.test"


def wait_for(
    condition: Callable[[], T],
    timeout: float = 10.0,
    interval: float = 0.1,
    message: str | None = None,
) -> T:
    """Call ``condition`` until it returns something truthy, and return that.

    An exception raised by ``condition`` counts as "not yet". After ``timeout``
    seconds a ``TimeoutError`` says ``message`` and the last value or exception
    (which is also chained as the cause).
    """
    if timeout < 0 or interval <= 0:
        raise ValueError("timeout must be >= 0 and interval > 0")
    deadline = time.monotonic() + timeout
    last_value: object = None
    last_error: Exception | None = None
    while True:
        try:
            value = condition()
        except Exception as exc:  # the condition is not met yet
            last_error, last_value = exc, None
        else:
            if value:
                return value
            last_error, last_value = None, value
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        time.sleep(min(interval, remaining))
    raise TimeoutError(_timeout_message(message, timeout, last_value, last_error)) from last_error


def _timeout_message(
    message: str | None, timeout: float, value: object, error: Exception | None
) -> str:
    head = message or "condition was not met"
    last = f"last error: {error!r}" if error else f"last value: {value!r}"
    return f"{head} (timed out after {timeout:g}s; {last})"


def unique_name(prefix: str = "test") -> str:
    """``<prefix>-<12 hex digits>``: unique across processes, shards and runs."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def unique_email(prefix: str = "user", domain: str = EMAIL_DOMAIN) -> str:
    """A fresh address such as ``user-1a2b3c4d5e6f@example.test``."""
    return f"{unique_name(prefix)}@{domain}"
