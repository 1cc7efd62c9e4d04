"""Stand-in for a payroll partner (the tax authority or the bank) on a local port.

``python partner_stub.py tax|bank PORT BEHAVIOUR.json``; the behaviour file maps a route
name to how it misbehaves: ``{"rates": {"status": 503}}``, ``{"status": {"delay": 3}}``,
``{"holidays": {"reset": true}}``, ``{"rates": {"drop": "bands"}}``,
``{"status": {"set": {"status": "on_hold"}}}``, ``{"auth": {"token": "other"}}``,
``{"holidays": {"reset_first": 1}}``.
"""

from __future__ import annotations

import itertools
import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

BANDS = {
    "north": [
        {"lower": "0", "upper": "1000", "rate": "0"},
        {"lower": "1000", "upper": "4000", "rate": "0.2"},
        {"lower": "4000", "upper": None, "rate": "0.4"},
    ],
    "south": [
        {"lower": "0", "upper": "1200", "rate": "0"},
        {"lower": "1200", "upper": "5000", "rate": "0.18"},
        {"lower": "5000", "upper": None, "rate": "0.38"},
    ],
}
CODES = {
    "1257L": {"code": "1257L", "allowance": "1047.50", "status": "active"},
    "BR": {"code": "BR", "allowance": "0", "status": "active"},
    "K100": {"code": "K100", "allowance": "0", "status": "withdrawn"},
}
HOLIDAYS = {"2026": ["2026-12-25", "2026-01-01", "2026-05-04", "2026-12-26"]}
API_KEY = "tax-key-2026"
BANK_TOKEN = "bank-token-7f3a"


class Partner(BaseHTTPRequestHandler):
    """Routes of both partners; ``server.role`` says which one is being played."""

    server: PartnerServer

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.server.role} {format % args}\n")

    def do_GET(self) -> None:
        self.handle_route("GET")

    def do_POST(self) -> None:
        self.handle_route("POST")

    def handle_route(self, method: str) -> None:
        url = urlparse(self.path)
        parts = [p for p in url.path.split("/") if p]
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        route, status, body = self.server.answer(method, parts, query, self.read_body(), self)
        rule = self.server.behaviour.get(route, {})
        if self.server.should_reset(route, rule):
            self.connection.shutdown(socket.SHUT_RDWR)
            self.connection.close()
            return
        if "delay" in rule:
            time.sleep(float(rule["delay"]))
        if "status" in rule:
            status, body = int(rule["status"]), {"error": "partner failure"}
        if isinstance(body, dict):
            for name in [rule["drop"]] if "drop" in rule else []:
                body.pop(name, None)
            body.update(rule.get("set", {}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def read_body(self) -> Any:
        length = int(self.headers.get("Content-Length") or 0)
        return json.loads(self.rfile.read(length)) if length else None


class PartnerServer(ThreadingHTTPServer):
    """Holds the role, the behaviour and the bank's batches."""

    daemon_threads = True

    def __init__(self, port: int, role: str, behaviour: dict[str, Any]) -> None:
        super().__init__(("127.0.0.1", port), Partner)
        self.role = role
        self.behaviour = behaviour
        self.batches: dict[str, dict[str, Any]] = {}
        self.ids = itertools.count(1000)
        self.lock = threading.Lock()
        self.resets: dict[str, int] = {}

    def should_reset(self, route: str, rule: dict[str, Any]) -> bool:
        """Whether to drop this connection: always (``reset``) or the first N (``reset_first``)."""
        if rule.get("reset"):
            return True
        with self.lock:
            seen = self.resets.get(route, 0)
            self.resets[route] = seen + 1
        return seen < int(rule.get("reset_first", 0))

    def authorised(self, handler: Partner) -> bool:
        if self.role == "tax":
            wanted = self.behaviour.get("auth", {}).get("token", API_KEY)
            return handler.headers.get("X-Api-Key") == wanted
        wanted = self.behaviour.get("auth", {}).get("token", BANK_TOKEN)
        return handler.headers.get("Authorization") == f"Bearer {wanted}"

    def answer(
        self, method: str, parts: list[str], query: dict[str, str], body: Any, handler: Partner
    ) -> tuple[str, int, Any]:
        public = self.role == "tax" and parts == ["v1", "holidays"]
        if not public and not self.authorised(handler):
            code = 403 if self.role == "tax" else 401
            return "auth", code, {"error": "credentials refused"}
        if self.role == "tax":
            return self.tax(parts, query)
        return self.bank(method, parts, body)

    def tax(self, parts: list[str], query: dict[str, str]) -> tuple[str, int, Any]:
        if parts[:2] == ["v1", "rates"] and len(parts) == 3:
            bands = BANDS.get(parts[2])
            if bands is None:
                return "rates", 404, {"error": "unknown region"}
            year = int(query.get("year", "2026"))
            return "rates", 200, {"region": parts[2], "year": year, "bands": bands}
        if parts[:2] == ["v1", "codes"] and len(parts) == 3:
            code = CODES.get(parts[2])
            return ("codes", 200, dict(code)) if code else ("codes", 404, {"error": "no code"})
        if parts == ["v1", "holidays"]:
            return "holidays", 200, {"holidays": HOLIDAYS.get(query.get("year", ""), [])}
        return "unknown", 404, {"error": "no route"}

    def bank(self, method: str, parts: list[str], body: Any) -> tuple[str, int, Any]:
        if parts == ["v2", "batches"] and method == "POST":
            total = sum(float(p["amount"]) for p in body["payments"])
            batch_id = f"B{next(self.ids)}"
            with self.lock:
                self.batches[batch_id] = {"reference": body["reference"], "total": total}
            return "submit", 201, {"batch_id": batch_id, "status": "accepted"}
        if parts[:2] == ["v2", "batches"] and len(parts) == 3:
            if parts[2] not in self.batches:
                return "status", 404, {"error": "unknown batch"}
            return "status", 200, {"batch_id": parts[2], "status": "settled"}
        if parts[:2] == ["v2", "accounts"] and len(parts) == 3:
            if not parts[2].startswith("GB"):
                return "accounts", 404, {"error": "unknown account"}
            return "accounts", 200, {"iban": parts[2], "holder": f"Holder of {parts[2][-4:]}"}
        return "unknown", 404, {"error": "no route"}


def main(argv: list[str]) -> int:
    role, port = argv[0], int(argv[1])
    behaviour = json.loads(Path(argv[2]).read_text()) if len(argv) > 2 else {}
    server = PartnerServer(port, role, behaviour)
    print(f"{role} partner on {port}", flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
