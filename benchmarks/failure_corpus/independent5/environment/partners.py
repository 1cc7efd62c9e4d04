"""Stub of the regional catalogue service and the city's notice service (http.server).

Routes: GET /v2/records/<isbn>, GET /v2/availability/<isbn> (token in `Authorization:
Token …`), POST /v1/notices (key in `X-Api-Key`). A `Fault` makes a route answer a
status, answer late, drop the connection, or change fields of its answer, for every
request or only the first `times` ones.
"""

from __future__ import annotations

import hashlib
import json
import random
import threading
import time
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TITLES = [
    "Pride and Prejudice",
    "Middlemarch",
    "Bleak House",
    "The Moonstone",
    "Emma",
    "Cranford",
    "North and South",
    "Villette",
    "Persuasion",
    "Great Expectations",
]
AUTHORS = [
    "Jane Austen",
    "George Eliot",
    "Charles Dickens",
    "Wilkie Collins",
    "Elizabeth Gaskell",
    "Charlotte Bronte",
]


@dataclass
class Fault:
    route: str
    status: int | None = None
    delay: float = 0.0
    drop: bool = False
    fields: dict[str, Any] = field(default_factory=dict)
    times: int | None = None
    only: str | None = None
    seen: int = 0


@dataclass
class Partners:
    catalogue_token: str
    notices_key: str
    seed: int
    faults: list[Fault] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fault_for(self, route: str, path: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.route != route or (fault.only and fault.only not in path):
                    continue
                if fault.times is not None and fault.seen >= fault.times:
                    continue
                fault.seen += 1
                return fault
        return None

    def record(self, isbn: str) -> dict[str, Any]:
        n = int(hashlib.sha256(isbn.encode()).hexdigest(), 16)
        return {
            "isbn": isbn,
            "title": TITLES[n % len(TITLES)],
            "authors": [AUTHORS[n % len(AUTHORS)]],
            "year": 1800 + n % 120,
            "language": "en",
            "request_id": uuid.uuid4().hex,
        }

    def availability(self, isbn: str) -> dict[str, Any]:
        rng = random.Random(f"{self.seed}-{isbn}")
        return {
            "isbn": isbn,
            "branches": [
                {"branch": b, "on_shelf": rng.randint(0, 4)}
                for b in ("central", "harbour", "hillside")
            ],
        }


class Handler(BaseHTTPRequestHandler):
    server: Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        return

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _apply(self, route: str, body: dict[str, Any]) -> tuple[int, dict[str, Any]] | None:
        fault = self.server.partners.fault_for(route, self.path)
        if fault is None:
            return None
        if fault.delay:
            time.sleep(fault.delay)
        if fault.drop:
            self.close_connection = True
            self.connection.shutdown(2)
            return (0, {})
        if fault.status:
            return fault.status, {
                "error": self.responses[fault.status][0],
                "trace": uuid.uuid4().hex[:16],
            }
        return 200, {**body, **fault.fields}

    def do_GET(self) -> None:
        partners = self.server.partners
        if self.headers.get("Authorization") != f"Token {partners.catalogue_token}":
            self._send(401, {"error": "invalid token"})
            return
        parts = self.path.strip("/").split("/")
        if len(parts) != 3 or parts[0] != "v2" or parts[1] not in ("records", "availability"):
            self._send(404, {"error": f"no route {self.path}"})
            return
        isbn = parts[2]
        if parts[1] == "records" and isbn == "9780000000000":
            self._send(404, {"error": f"unknown isbn {isbn}"})
            return
        body = partners.record(isbn) if parts[1] == "records" else partners.availability(isbn)
        answer = self._apply(parts[1], body)
        if answer is None:
            self._send(200, body)
        elif answer[0]:
            self._send(*answer)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        payload = json.loads(self.rfile.read(length) or b"{}")
        if self.path != "/v1/notices":
            self._send(404, {"error": f"no route {self.path}"})
            return
        if self.headers.get("X-Api-Key") != self.server.partners.notices_key:
            self._send(403, {"error": "key not allowed to send notices"})
            return
        body = {"notice_id": f"ntc-{uuid.uuid4().hex[:10]}", "to": payload.get("to")}
        answer = self._apply("notices", body)
        if answer is None:
            self._send(201, body)
        elif answer[0]:
            self._send(*answer)


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, partners: Partners) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.partners = partners
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that gave up on a late answer are expected; stay quiet about them."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()
        self.server_close()
