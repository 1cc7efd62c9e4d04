"""Stub of the payment provider and the venues service (http.server), with faults."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

VENUES = {
    "riverside": {"venue": "riverside", "rows": list("ABCD"), "seats_per_row": 10,
                  "accessible": ["A1"]},
    "old-chapel": {"venue": "old-chapel", "rows": list("ABC"), "seats_per_row": 8,
                   "accessible": ["A1", "A2"]},
}


@dataclass
class Fault:
    """What a route does instead of answering: an error status, a late answer, a dropped
    connection or changed fields; for every request or only the first `first`."""

    route: str
    status: int = 0
    delay: float = 0.0
    drop: bool = False
    rename: dict[str, str] = field(default_factory=dict)
    as_text: list[str] = field(default_factory=list)
    first: int = 0
    seen: int = 0


class Stub:
    def __init__(self, payments_key: str, venues_token: str, faults: list[Fault]) -> None:
        self.payments_key = payments_key
        self.venues_token = venues_token
        self.faults = faults
        self.charges = 0
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                """Requests to the stub are not logged."""

            def do_POST(self) -> None:
                stub.handle(self, "charges")

            def do_GET(self) -> None:
                stub.handle(self, "venues")

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # clients that gave up on a late answer close the connection

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def fault(self, route: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.route == route:
                    fault.seen += 1
                    if not fault.first or fault.seen <= fault.first:
                        return fault
        return None

    def handle(self, req: BaseHTTPRequestHandler, route: str) -> None:
        length = int(req.headers.get("Content-Length") or 0)
        body = req.rfile.read(length) if length else b""
        fault = self.fault(route)
        if fault and fault.delay:
            time.sleep(fault.delay)
        if fault and fault.drop:
            req.close_connection = True
            req.connection.close()
            return
        if fault and fault.status:
            return self.reply(req, fault.status, {"error": "upstream failure"})
        if route == "charges":
            if req.headers.get("X-Api-Key") != self.payments_key:
                return self.reply(req, 401, {"error": "invalid api key"})
            order = json.loads(body)["order"]
            with self.lock:
                self.charges += 1
                number = self.charges
            return self.reply(req, 201, {"charge_id": f"ch_{order}_{number}"})
        if req.headers.get("Authorization") != f"Bearer {self.venues_token}":
            return self.reply(req, 403, {"error": "token expired"})
        name = req.path.rsplit("/", 1)[-1]
        if name not in VENUES:
            return self.reply(req, 404, {"error": "no such venue"})
        answer: dict[str, Any] = dict(VENUES[name])
        if fault:
            for old, new in fault.rename.items():
                answer[new] = answer.pop(old)
            for name_ in fault.as_text:
                value = answer[name_]
                answer[name_] = ",".join(value) if isinstance(value, list) else str(value)
        self.reply(req, 200, answer)

    @staticmethod
    def reply(req: BaseHTTPRequestHandler, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload).encode()
        req.send_response(status)
        req.send_header("Content-Type", "application/json")
        req.send_header("Content-Length", str(len(data)))
        req.end_headers()
        req.wfile.write(data)
