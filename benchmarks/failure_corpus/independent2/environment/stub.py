"""Staging stub of the pricing and messaging services (http.server, threaded).

Usage: python stub.py CONFIG.json PORT_FILE
CONFIG: {"pricing_token", "notify_token", "seed", "faults": [{"path", "status", "delay",
"times", "body"}]}. A fault applies to requests whose path starts with "path"; "times"
limits how many requests it hits (absent: all), "body" edits the JSON answer
({"drop": [...], "set": {...}}).
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PRICES = {"single": 8000, "double": 12000, "suite": 30000}


class Handler(BaseHTTPRequestHandler):
    config: dict = {}
    hits: dict[int, int] = {}
    lock = threading.Lock()
    rng = random.Random(0)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: no line on stderr for each request."""

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

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("X-Request-Id", uuid.uuid4().hex)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _answer(self, body: dict, status: int = 200) -> None:
        fault = self._fault()
        if fault:
            time.sleep(fault.get("delay", 0))
            if fault.get("status"):
                self._send(fault["status"], {"error": "upstream failure",
                                             "request_id": uuid.uuid4().hex})
                return
            edit = fault.get("body", {})
            for name in edit.get("drop", []):
                body.pop(name, None)
            body.update(edit.get("set", {}))
        self._send(status, body)

    def do_GET(self) -> None:  # noqa: N802
        if self.headers.get("Authorization") != f"Bearer {self.config['pricing_token']}":
            self._send(401, {"error": "invalid bearer token"})
            return
        kind = self.path.split("?")[0].rsplit("/", 1)[-1]
        if not self.path.startswith("/v2/quotes/") or kind not in PRICES:
            self._send(404, {"error": f"no such room kind {kind}"})
            return
        with self.lock:
            jitter = self.rng.randint(0, 99)
        self._answer({"room_kind": kind, "nightly_cents": PRICES[kind] + jitter,
                      "currency": "EUR", "quote_id": f"q-{uuid.uuid4().hex[:12]}"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        if self.headers.get("X-Api-Token") != self.config["notify_token"]:
            self._send(403, {"error": "token not allowed for this sender"})
            return
        self._answer({"message_id": f"msg-{uuid.uuid4().hex[:16]}"}, 202)


def main() -> None:
    with open(sys.argv[1]) as handle:
        config = json.load(handle)
    Handler.config = config
    Handler.rng = random.Random(config.get("seed", 0))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    with open(sys.argv[2], "w") as port_file:
        port_file.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
