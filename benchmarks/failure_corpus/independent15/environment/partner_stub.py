"""HTTP server standing in for a partner service, with faults read from a JSON file.

Routes come from ``routes/<partner>.json``: ``{"GET /path": body, "GET /prefix/*": body}``.
A body may contain ``{tail}``, replaced by the part of the path the ``*`` matched. A body with
``"_status"`` is sent with that status; POST bodies with ``"_echo": true`` merge the request's
JSON in, and ``{req:field}`` is filled from it. The faults file (re-read on every request)
maps the same keys to ``{"status", "body", "delay", "reset", "fail_first", "headers"}``.
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

HERE = Path(__file__).resolve().parent
REQUEST_FIELD = re.compile(r"\{req:(\w+)\}")


class PartnerState:
    """Routes, faults file and per-route request counters of one partner."""

    def __init__(self, partner: str, faults: Path) -> None:
        self.partner = partner
        self.routes: dict[str, Any] = json.loads((HERE / "routes" / f"{partner}.json").read_text())
        self.faults_path = faults
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()

    def faults(self) -> dict[str, Any]:
        try:
            data: dict[str, Any] = json.loads(self.faults_path.read_text())
        except (FileNotFoundError, json.JSONDecodeError):
            return {}
        return data

    def match(self, table: dict[str, Any], method: str, path: str) -> tuple[str, str] | None:
        key = f"{method} {path}"
        if key in table:
            return key, ""
        best: tuple[str, str] | None = None
        for candidate in table:
            longer = best is None or len(candidate) > len(best[0])
            if candidate.endswith("*") and key.startswith(candidate[:-1]) and longer:
                best = (candidate, key[len(candidate) - 1 :])
        return best

    def count(self, nonce: str, key: str) -> int:
        with self.lock:
            slot = f"{nonce}|{key}"
            self.counts[slot] = self.counts.get(slot, 0) + 1
            return self.counts[slot]


def fill(body: Any, tail: str, request: dict[str, Any] | None = None) -> Any:
    """Replace ``{tail}`` and ``{req:field}`` (a field of the request's JSON) in a body."""
    if isinstance(body, str):
        text = body.replace("{tail}", tail)
        return REQUEST_FIELD.sub(lambda match: str((request or {}).get(match[1], "")), text)
    if isinstance(body, list):
        return [fill(item, tail, request) for item in body]
    if isinstance(body, dict):
        return {key: fill(value, tail, request) for key, value in body.items()}
    return body


def make_handler(state: PartnerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            return

        def _send(self, status: int, body: Any, headers: dict[str, str]) -> None:
            raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
            self.send_response(status)
            content_type = "text/plain" if isinstance(body, str) else "application/json"
            self.send_header("Content-Type", headers.get("Content-Type", content_type))
            for name, value in headers.items():
                if name != "Content-Type":
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _handle(self, method: str) -> None:
            path = self.path.split("?", 1)[0]
            length = int(self.headers.get("Content-Length") or 0)
            payload = self.rfile.read(length) if length else b""
            faults = state.faults()
            nonce = str(faults.pop("_nonce", ""))
            for prefix, token in state.routes.get("_auth", {}).items():
                wanted = f"Bearer {token}"
                if path.startswith(prefix) and self.headers.get("Authorization") != wanted:
                    self._send(401, {"error": "invalid_token", "realm": prefix}, {})
                    return
            hit = state.match(faults, method, path)
            if hit is not None:
                fault = faults[hit[0]]
                seen = state.count(nonce, hit[0])
                if seen <= int(fault.get("fail_first", 10**9)):
                    time.sleep(float(fault.get("delay", 0)))
                    if fault.get("reset"):
                        linger = struct.pack("ii", 1, 0)
                        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
                        self.connection.close()
                        self.close_connection = True
                        return
                    if "status" in fault or "body" in fault:
                        body = fill(fault.get("body", ""), hit[1])
                        self._send(int(fault.get("status", 200)), body, fault.get("headers", {}))
                        return
            route = state.match(state.routes, method, path)
            if route is None:
                self._send(404, {"error": f"no route {method} {path}"}, {})
                return
            request = json.loads(payload) if payload.startswith(b"{") else {}
            body = fill(state.routes[route[0]], route[1], request)
            status = 200
            if isinstance(body, dict) and "_status" in body:
                status = int(body.pop("_status"))
            if method == "POST" and isinstance(body, dict) and body.get("_echo") and payload:
                body.pop("_echo")
                body = {**body, **json.loads(payload)}
            self._send(status, body, {})

        def do_GET(self) -> None:  # noqa: N802
            self._handle("GET")

        def do_POST(self) -> None:  # noqa: N802
            self._handle("POST")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("partner")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--faults", type=Path, required=True)
    args = parser.parse_args()
    state = PartnerState(args.partner, args.faults)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
