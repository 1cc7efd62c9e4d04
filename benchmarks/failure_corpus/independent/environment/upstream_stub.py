"""Staging stand-in for the payments, inventory and exchange-rate services.

Run as ``python upstream_stub.py CONFIG_JSON PORT_FILE``. The config maps a
route prefix to a behaviour, so a night's environment can make one route
slow, failing or strict about credentials:

    {"api_key": "pk_live_x",
     "routes": {"/v1/charges": {"status": 503, "times": 2},
                "/stock/SKU-3": {"delay": 0.4}}}

``times`` limits a behaviour to the first N matching requests (a blip).
"""

from __future__ import annotations

import json
import logging
import random
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

log = logging.getLogger("upstream-stub")


class Behaviour:
    """Per-route overrides read from the night's config."""

    def __init__(self, config: dict) -> None:
        self.api_key = config.get("api_key", "pk_test_staging")
        self.routes = config.get("routes", {})
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()

    def lookup(self, path: str) -> dict:
        for prefix, rule in sorted(self.routes.items(), key=lambda kv: -len(kv[0])):
            if path.startswith(prefix):
                with self.lock:
                    seen = self.hits.get(prefix, 0)
                    self.hits[prefix] = seen + 1
                if "times" in rule and seen >= rule["times"]:
                    return {}
                return rule
        return {}


class Handler(BaseHTTPRequestHandler):
    behaviour: Behaviour
    rng = random.Random()

    def log_message(self, fmt: str, *args: object) -> None:
        log.info("%s %s", self.address_string(), fmt % args)

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Request-Id", str(uuid.uuid4()))
        self.end_headers()
        self.wfile.write(data)

    def _apply_rule(self) -> bool:
        rule = self.behaviour.lookup(self.path)
        if rule.get("delay"):
            time.sleep(rule["delay"])
        if rule.get("status"):
            status = rule["status"]
            texts = {500: "Internal Server Error", 502: "Bad Gateway",
                     503: "Service Unavailable", 401: "Unauthorized", 403: "Forbidden"}
            self._send(status, {"error": texts.get(status, "error"),
                                "trace_id": uuid.uuid4().hex,
                                "node": f"edge-{self.rng.randint(1, 40):02d}"})
            return True
        if rule.get("api_key_required") or self.path.startswith("/v1/"):
            given = self.headers.get("Authorization", "")
            if given != f"Bearer {self.behaviour.api_key}":
                self._send(401, {"error": "invalid_api_key",
                                 "message": "API key revoked or unknown"})
                return True
        return False

    def do_GET(self) -> None:  # noqa: N802 - http.server naming
        if self._apply_rule():
            return
        if self.path.startswith("/stock/"):
            sku = self.path.rsplit("/", 1)[-1]
            self._send(200, {"sku": sku, "available": 5 + sum(map(ord, sku)) % 20,
                             "warehouse": "ams-1"})
        elif self.path.startswith("/rates/"):
            currency = self.path.rsplit("/", 1)[-1].upper()
            table = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17, "SEK": 0.087}
            if currency not in table:
                self._send(404, {"error": f"unknown currency {currency}"})
                return
            self._send(200, {"base": "EUR", "currency": currency, "rate": table[currency],
                             "as_of": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())})
        elif self.path == "/health":
            self._send(200, {"status": "ok"})
        else:
            self._send(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length", "0"))
        payload = json.loads(self.rfile.read(length) or b"{}")
        if self._apply_rule():
            return
        if self.path.startswith("/v1/charges"):
            self._send(201, {"id": f"ch_{uuid.uuid4().hex[:16]}", "status": "authorized",
                             "amount": payload.get("amount"),
                             "currency": payload.get("currency", "EUR")})
        elif self.path.startswith("/v1/refunds"):
            self._send(201, {"id": f"re_{uuid.uuid4().hex[:16]}", "status": "pending"})
        elif self.path.startswith("/reservations"):
            self._send(201, {"reservation_id": str(uuid.uuid4()), "sku": payload.get("sku"),
                             "quantity": payload.get("quantity")})
        else:
            self._send(404, {"error": "not found"})


def main() -> None:
    config = json.loads(Path(sys.argv[1]).read_text())
    logging.basicConfig(level=logging.WARNING)
    Handler.behaviour = Behaviour(config)
    Handler.rng = random.Random(config.get("seed", 0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    Path(sys.argv[2]).write_text(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
