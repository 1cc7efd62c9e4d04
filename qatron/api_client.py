"""A small HTTP client for API tests, built on httpx.

Example::

    from qatron.api_client import APIClient

    with APIClient(environment["api_url"], token=token) as api:
        response = api.post("/payments", json={"amount": 1250, "currency": "EUR"})
        assert response.status_code == 201
        payment_id = response.json()["id"]
        assert api.get(f"/payments/{payment_id}").json()["status"] == "pending"

Every method returns the ``httpx.Response`` as is: a 4xx or 5xx is something to
assert on, not an exception.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import TracebackType
from typing import Any

import httpx


class APIClient:
    """Send requests to paths under ``base_url``, optionally with a Bearer token."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        timeout: float = 10.0,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout, headers=dict(headers or {}))
        if token:
            self.set_token(token)

    def url(self, path: str = "") -> str:
        """The absolute URL of ``path``; absolute URLs are returned unchanged."""
        if path.startswith(("http://", "https://")):
            return path
        path = path.lstrip("/")
        return f"{self.base_url}/{path}" if path else self.base_url

    @property
    def headers(self) -> httpx.Headers:
        """The headers sent with every request."""
        return self._client.headers

    def set_token(self, token: str | None) -> None:
        """Send ``Authorization: Bearer <token>`` from now on; ``None`` stops it."""
        if token:
            self._client.headers["Authorization"] = f"Bearer {token}"
        else:
            self._client.headers.pop("Authorization", None)

    def request(self, method: str, path: str = "", **kwargs: Any) -> httpx.Response:
        """Send ``method`` to ``path``; ``kwargs`` go to ``httpx.Client.request``."""
        return self._client.request(method, self.url(path), **kwargs)

    def get(self, path: str = "", **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str = "", **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str = "", **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str = "", **kwargs: Any) -> httpx.Response:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str = "", **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def close(self) -> None:
        """Close the pooled connections."""
        self._client.close()

    def __enter__(self) -> APIClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"APIClient({self.base_url!r})"
