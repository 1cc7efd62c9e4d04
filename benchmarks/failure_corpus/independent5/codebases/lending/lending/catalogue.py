"""Client of the regional catalogue service (bibliographic records by ISBN), on urllib3."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import urllib3

from lending.errors import CatalogueError, CatalogueUnavailable, ContractViolation

LANGUAGE = re.compile(r"^[a-z]{2}$")


@dataclass(frozen=True)
class Record:
    isbn: str
    title: str
    authors: tuple[str, ...]
    year: int
    language: str

    @classmethod
    def from_json(cls, isbn: str, data: dict[str, Any]) -> Record:
        """Check a catalogue record against the agreed contract."""
        missing = {"title", "authors", "year", "language"} - set(data)
        if missing:
            raise ContractViolation(f"record {isbn} lacks {sorted(missing)}")
        if not isinstance(data["year"], int):
            raise ContractViolation(f"record {isbn}: year {data['year']!r} is not an integer")
        if not LANGUAGE.match(data["language"]):
            raise ContractViolation(
                f"record {isbn}: language {data['language']!r} is not an ISO 639-1 code"
            )
        return cls(isbn, data["title"], tuple(data["authors"]), data["year"], data["language"])


class CatalogueClient:
    """Looks records up; 1 s read budget, no retries (the caller decides)."""

    def __init__(self, base_url: str, token: str, read_timeout: float = 1.0) -> None:
        self.base_url = base_url
        self._headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
        self._http = urllib3.PoolManager(
            timeout=urllib3.Timeout(connect=1.0, read=read_timeout), retries=False
        )

    def _get(self, path: str) -> urllib3.BaseHTTPResponse:
        url = f"{self.base_url}{path}"
        try:
            return self._http.request("GET", url, headers=self._headers)
        except urllib3.exceptions.NewConnectionError as exc:
            raise CatalogueUnavailable(f"catalogue unreachable at {self.base_url}") from exc

    def lookup(self, isbn: str) -> Record:
        resp = self._get(f"/v2/records/{isbn}")
        if resp.status in (401, 403):
            raise CatalogueError(f"catalogue refused our token: HTTP {resp.status}")
        if resp.status >= 500:
            raise CatalogueError(f"catalogue failed on {isbn}: HTTP {resp.status}")
        if resp.status == 404:
            raise CatalogueError(f"no catalogue record for {isbn}")
        return Record.from_json(isbn, resp.json())

    def availability(self, isbn: str) -> dict[str, int]:
        """Copies on the shelf per branch of the whole network."""
        resp = self._get(f"/v2/availability/{isbn}")
        assert resp.status == 200, f"availability of {isbn}: HTTP {resp.status}"
        return {b["branch"]: b["on_shelf"] for b in resp.json()["branches"]}

    def enrich(self, isbns: list[str]) -> list[Record]:
        return [self.lookup(isbn) for isbn in isbns]
