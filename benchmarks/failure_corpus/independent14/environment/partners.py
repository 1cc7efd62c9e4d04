"""Stand-in partner services: the fee payment gateway and the state bar registry.

Each runs as its own process. A behaviour file (JSON) says, per route, how the partner misbehaves
tonight: {"tokens": [...], "reject_status": 401, "routes": {"charge": {"delay": 3, "status": 503,
"once": true, "reset": false, "drop": ["receipt_id"], "set": {"status": "x"}}}}.
"""

from __future__ import annotations

import argparse
import json
import re
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ATTORNEYS = {
    "CA-100200": ("Ada Lindqvist", "active"),
    "CA-100201": ("Benedikt Oyelaran", "active"),
    "CA-100202": ("Chiara Moreau", "inactive"),
    "CA-100203": ("Dmitri Halvorsen", "suspended"),
    "CA-100204": ("Esther Nakamura", "active"),
    "CA-100205": ("Farid Castellanos", "active"),
}


class Partner(ThreadingHTTPServer):
    """A partner server with its behaviour and its ledger of charges."""

    daemon_threads = True

    def __init__(self, port: int, kind: str, behaviour: dict[str, Any]) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.kind = kind
        self.behaviour = behaviour
        self.fired: set[str] = set()
        self.lock = threading.Lock()
        self.charges: dict[str, dict[str, Any]] = {}
        self.counter = 0


class Handler(BaseHTTPRequestHandler):
    """Routes of both partners."""

    server: Partner
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _body(self) -> dict[str, Any]:
        length = int(self.headers.get("Content-Length") or 0)
        if not length:
            return {}
        parsed: dict[str, Any] = json.loads(self.rfile.read(length))
        return parsed

    def _misbehave(self, route: str) -> dict[str, Any] | None:
        """Apply tonight's behaviour of a route; None when the answer was already given."""
        rule: dict[str, Any] = self.server.behaviour.get("routes", {}).get(route, {})
        if rule.get("once"):
            with self.server.lock:
                if route in self.server.fired:
                    return {}
                self.server.fired.add(route)
        if rule.get("delay"):
            time.sleep(float(rule["delay"]))
        if rule.get("reset"):
            self.connection.setsockopt(
                socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
            )
            self.connection.close()
            self.close_connection = True
            return None
        if rule.get("status"):
            self._send(int(rule["status"]), {"error": "partner failure"})
            return None
        return rule

    def _authorised(self) -> bool:
        tokens = self.server.behaviour.get("tokens", [])
        given = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if given in tokens:
            return True
        status = int(self.server.behaviour.get("reject_status", 401))
        self._send(status, {"error": "token expired" if status == 403 else "invalid token"})
        return False

    def _shape(self, rule: dict[str, Any], body: dict[str, Any]) -> dict[str, Any]:
        for name in rule.get("drop", []):
            body.pop(name, None)
        body.update(rule.get("set", {}))
        return body

    def do_GET(self) -> None:  # noqa: N802
        if self.server.kind == "bar":
            m = re.fullmatch(r"/v2/attorneys/([\w-]+)", self.path)
            if m is None:
                self._send(404, {"error": "no route"})
                return
            if not self._authorised():
                return
            rule = self._misbehave("lookup")
            if rule is None:
                return
            found = ATTORNEYS.get(m.group(1))
            if found is None:
                self._send(404, {"error": "unknown bar number"})
                return
            body = {"bar_number": m.group(1), "name": found[0], "status": found[1]}
            self._send(200, self._shape(rule, body))
            return
        m = re.fullmatch(r"/v1/balances/([\w.-]+)", self.path)
        if m is None:
            self._send(404, {"error": "no route"})
            return
        if not self._authorised():
            return
        rule = self._misbehave("balance")
        if rule is None:
            return
        with self.server.lock:
            total = sum(
                c["amount_cents"]
                for c in self.server.charges.values()
                if c["reference"] == m.group(1) and c["status"] == "captured"
            )
        self._send(200, self._shape(rule, {"reference": m.group(1), "charged_cents": total}))

    def do_POST(self) -> None:  # noqa: N802
        body = self._body()
        if self.server.kind == "bar":
            if self.path != "/v2/attorneys:batch":
                self._send(404, {"error": "no route"})
                return
            if not self._authorised():
                return
            rule = self._misbehave("batch")
            if rule is None:
                return
            out = []
            for number in body.get("bar_numbers", []):
                if number in ATTORNEYS:
                    name, status = ATTORNEYS[number]
                    out.append(self._shape(rule, {"bar_number": number, "name": name,
                                                  "status": status}))
            self._send(200, {"attorneys": out})
            return
        if self.path not in ("/v1/charges", "/v1/refunds"):
            self._send(404, {"error": "no route"})
            return
        if not self._authorised():
            return
        route = "charge" if self.path == "/v1/charges" else "refund"
        rule = self._misbehave(route)
        if rule is None:
            return
        with self.server.lock:
            if route == "charge":
                key = self.headers.get("Idempotency-Key") or ""
                if key not in self.server.charges:
                    self.server.counter += 1
                    self.server.charges[key] = {
                        "receipt_id": f"rcpt-{self.server.counter:06d}",
                        "reference": body["reference"],
                        "amount_cents": int(body["amount_cents"]),
                        "status": "captured",
                    }
                answer = dict(self.server.charges[key])
            else:
                match = [c for c in self.server.charges.values()
                         if c["receipt_id"] == body.get("receipt_id")]
                if not match:
                    self._send(404, {"error": "unknown receipt"})
                    return
                match[0]["status"] = "refunded"
                answer = dict(match[0])
        self._send(200, self._shape(rule, answer))


def main() -> None:
    """Serve one partner until killed."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("kind", choices=["payments", "bar"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--behaviour", type=Path, required=True)
    args = parser.parse_args()
    server = Partner(args.port, args.kind, json.loads(args.behaviour.read_text()))
    server.serve_forever()


if __name__ == "__main__":
    main()
