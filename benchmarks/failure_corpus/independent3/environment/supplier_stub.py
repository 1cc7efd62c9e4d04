"""Staging stub of the supplier API (http.server, threaded).

Usage: python supplier_stub.py CONFIG.json PORT_FILE
CONFIG: {"key", "reorder_key", "seed", "faults": [{"path", "status", "delay", "times",
"body"}]}. A fault applies to requests whose path starts with "path"; "times" limits how
many requests it hits (absent: all); "body" edits the JSON answer: {"rename": {old: new},
"prices": {field: value}} (price fields are set on every entry of a price list).
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CATALOGUE = {
    "fasteners": [("SKU-F001", 35), ("SKU-F002", 4), ("SKU-F003", 12)],
    "power-tools": [("SKU-P001", 8990), ("SKU-P002", 12900)],
}


class Handler(BaseHTTPRequestHandler):
    config: dict = {}
    hits: dict[int, int] = {}
    lock = threading.Lock()
    rng = random.Random(0)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: no line on stderr per request."""

    def _fault(self) -> dict | None:
        for n, fault in enumerate(self.config.get("faults", [])):
            if self.path.startswith(fault["path"]):
                with self.lock:
                    used = self.hits.get(n, 0)
                    if "times" in fault and used >= fault["times"]:
                        continue
                    self.hits[n] = used + 1
                return fault
        return None

    def _send(self, status: int, document: dict) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-Id", uuid.uuid4().hex)
        self.end_headers()
        self.wfile.write(body)

    def _answer(self, document: dict) -> None:
        fault = self._fault() or {}
        if fault.get("delay"):
            time.sleep(fault["delay"])
        if fault.get("status"):
            self._send(fault["status"], {"error": "upstream failure",
                                         "request_id": uuid.uuid4().hex})
            return
        edits = fault.get("body", {})
        for entry in document.get("prices", []):
            entry.update(edits.get("prices", {}))
        for old, new in edits.get("rename", {}).items():
            if old in document:
                document[new] = document.pop(old)
        self._send(200, document)

    def _authorised(self, key: str) -> bool:
        if self.headers.get("X-Supplier-Key") == key:
            return True
        status = 401 if self.headers.get("X-Supplier-Key") != self.config["key"] else 403
        self._send(status, {"error": "invalid key" if status == 401 else
                            "key lacks scope reorders:write", "request_id": uuid.uuid4().hex})
        return False

    def do_GET(self) -> None:
        category = self.path.rsplit("/", 1)[-1]
        if not self.path.startswith("/v2/price-lists/") or category not in CATALOGUE:
            self._send(404, {"error": f"no route {self.path}"})
            return
        if not self._authorised(self.config["key"]):
            return
        with self.lock:
            jitter = self.rng.randint(0, 9)
        self._answer({"supplier": "Brandt Werkzeug GmbH", "valid_until": "2026-12-31",
                      "prices": [{"sku": sku, "unit_cents": cents + jitter, "currency": "EUR"}
                                 for sku, cents in CATALOGUE[category]]})

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/v2/reorders":
            self._send(404, {"error": f"no route {self.path}"})
            return
        if not self._authorised(self.config.get("reorder_key", self.config["key"])):
            return
        with self.lock:
            eta = self.rng.randint(2, 9)
        self._answer({"order_id": f"PO-{uuid.uuid4().hex[:10].upper()}", "sku": request["sku"],
                      "qty": request["qty"], "eta_days": eta})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that timed out and closed its socket is expected here."""


def main() -> None:
    with open(sys.argv[1]) as handle:
        config = json.load(handle)
    Handler.config = config
    Handler.rng = random.Random(config.get("seed", 0))
    server = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[2], "w") as handle:
        handle.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
