"""Client of the fraud-scoring partner (plain urllib)."""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from claims.errors import AuthRejected, ContractError, UpstreamError

log = logging.getLogger("claims.fraud")
VERDICTS = frozenset({"clear", "review", "refer"})


@dataclass(frozen=True)
class FraudScore:
    """The partner's opinion on one claim."""

    claim: str
    score: float
    verdict: str


class FraudClient:
    """Talks to the fraud service with an API key."""

    def __init__(self, base_url: str, api_key: str, timeout: float) -> None:
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout

    def _get(self, path: str) -> dict[str, Any]:
        request = urllib.request.Request(self.base_url + path,
                                         headers={"X-Api-Key": self.api_key})
        log.debug("GET %s", path)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: dict[str, Any] = json.loads(response.read())
                return body
        except urllib.error.HTTPError as exc:
            text = exc.read().decode(errors="replace")
            if exc.code in (401, 403):
                raise AuthRejected(f"fraud service refused key: HTTP {exc.code} {text}") from exc
            raise UpstreamError("fraud", exc.code, text) from exc

    def score(self, claim: str, amount_cents: int, kind: str) -> FraudScore:
        """Score one claim."""
        body = self._get(f"/score?claim={claim}&amount={amount_cents}&kind={kind}")
        for field in ("claim", "score", "verdict"):
            if field not in body:
                raise ContractError(f"fraud score for {claim} lacks {field!r}: {body}")
        if body["verdict"] not in VERDICTS:
            raise ContractError(f"fraud verdict {body['verdict']!r} is not one of "
                                f"{sorted(VERDICTS)}")
        return FraudScore(body["claim"], float(body["score"]), body["verdict"])

    def history(self, holder: str) -> list[dict[str, Any]]:
        """Earlier claims the partner knows of for a policy holder."""
        body = self._get(f"/history?holder={holder}")
        items = body.get("claims")
        if not isinstance(items, list):
            raise ContractError(f"fraud history for {holder} has no claims list: {body}")
        return items
