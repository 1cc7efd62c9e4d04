"""HTTP calls to partners, with their failures turned into the publisher's errors."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any

from ferrytimes.errors import PartnerError, PartnerTimeout, PartnerUnavailable


def call(partner: str, base_url: str, path: str, token: str, timeout: float,
         body: dict[str, Any] | None = None) -> Any:
    """GETs (or POSTs ``body`` to) ``base_url + path`` and returns the decoded JSON answer."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(
        base_url.rstrip("/") + path, data=data, method="GET" if body is None else "POST",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        detail = exc.read().decode(errors="replace")[:200]
        raise PartnerError(partner, exc.code, detail) from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError | socket.timeout):
            raise PartnerTimeout(f"{partner} did not answer within {timeout}s") from exc
        raise PartnerUnavailable(f"{partner} unreachable at {base_url}: {exc.reason}") from exc
    except TimeoutError as exc:
        raise PartnerTimeout(f"{partner} did not answer within {timeout}s") from exc
    except (ConnectionError, OSError) as exc:
        raise PartnerUnavailable(f"{partner} connection failed: {exc}") from exc
