"""The carrier's tracking service: tracking, pickups and an event feed.

Usage: ``python carrier_stub.py PORT CONFIG.json``. The configuration names the accepted token
and, per route (``track``, ``pickups``, ``events``), how the service behaves tonight: ``ok``,
``slow``, ``hang``, an HTTP status such as ``503``, ``reset``, ``bad_enum`` or ``missing_field``.
"""

from __future__ import annotations

import hashlib
import json
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

STATUSES = ["picked_up", "in_transit", "out_for_delivery", "delivered"]


def scans(tracking_no: str) -> list[dict[str, Any]]:
    """The scans of a parcel, derived from its number so every run sees the same ones."""
    n = int(hashlib.sha256(tracking_no.encode()).hexdigest(), 16) % 4 + 1
    return [
        {"status": STATUSES[i], "occurred_at": f"2026-03-0{i + 2}T0{i + 7}:15:00Z",
         "location": ["Hamburg", "Hannover", "Kassel", "Frankfurt"][i]}
        for i in range(n)
    ]


def feed(after: int) -> dict[str, Any]:
    """A page of the event feed after a cursor."""
    events = []
    for i in range(after + 1, after + 6):
        no = f"NRD{100000 + i:06d}"
        events.append({"id": i, "tracking_no": no, "status": STATUSES[i % 4],
                       "occurred_at": f"2026-03-04T10:{i % 60:02d}:00Z", "location": "Kassel"})
    return {"events": events, "cursor": after + 5}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    config: dict[str, Any] = {}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        sys.stderr.write("carrier: " + format % args + "\n")

    def _send(self, code: int, body: Any, content_type: str = "application/json") -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _behave(self, route: str) -> bool:
        """Apply tonight's behaviour of a route; True when the normal answer should follow."""
        if self.headers.get("Authorization") != f"Bearer {self.config['token']}":
            self._send(401, {"error": "invalid_token", "detail": "token revoked or unknown"})
            return False
        mode = str(self.config.get("routes", {}).get(route, "ok"))
        if mode == "slow":
            time.sleep(4.0)
        elif mode == "hang":
            time.sleep(30.0)
            return False
        elif mode == "reset":
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            self.connection.close()
            self.close_connection = True
            return False
        elif mode.isdigit():
            code = int(mode)
            if code >= 500:
                page = f"<html><body><h1>{code}</h1>upstream error</body></html>".encode()
                self._send(code, page, "text/html")
            else:
                self._send(code, {"error": "forbidden", "detail": "token lacks scope"})
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        if url.path.startswith("/v1/track/"):
            if self._behave("track"):
                self._send(200, {"tracking_no": url.path.rsplit("/", 1)[1],
                                 "scans": scans(url.path.rsplit("/", 1)[1])})
        elif url.path == "/v1/events":
            if self._behave("events"):
                after = int(parse_qs(url.query).get("after", ["0"])[0])
                page = feed(after)
                mode = self.config.get("routes", {}).get("events")
                if mode == "bad_enum":
                    page["events"][2]["status"] = "LOST"
                elif mode == "missing_field":
                    for event in page["events"]:
                        del event["occurred_at"]
                self._send(200, page)
        else:
            self._send(404, {"error": "not_found"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/v1/pickups":
            if self._behave("pickups"):
                digest = hashlib.sha1(json.dumps(body, sort_keys=True).encode()).hexdigest()
                self._send(201, {"reference": f"PU-{digest[:8].upper()}",
                                 "parcels": len(body.get("parcels", []))})
        else:
            self._send(404, {"error": "not_found"})


def main() -> None:
    """Serve until killed."""
    port = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as fh:
        Handler.config = json.load(fh)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
