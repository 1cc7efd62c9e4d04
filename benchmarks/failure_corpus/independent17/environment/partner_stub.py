"""An HTTP stand-in for a partner API: canned routes, plus per-route faults read from a file."""

from __future__ import annotations

import argparse
import json
import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class PartnerState:
    """Routes, the fault file and the per-route request counters."""

    def __init__(self, routes: dict[str, dict[str, Any]], faults_path: Path | None) -> None:
        self.routes = routes
        self.faults_path = faults_path
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.received: list[dict[str, Any]] = []

    def faults(self) -> dict[str, dict[str, Any]]:
        if self.faults_path is None or not self.faults_path.exists():
            return {}
        loaded: dict[str, dict[str, Any]] = json.loads(self.faults_path.read_text())
        return loaded

    def hit(self, key: str) -> int:
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]


def make_handler(state: PartnerState) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            return

        def _send(self, status: int, payload: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _reset(self) -> None:
            linger = struct.pack("ii", 1, 0)
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
            self.connection.close()
            self.close_connection = True

        def _handle(self, method: str) -> None:
            path = self.path.split("?", 1)[0]
            key = f"{method} {path}"
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            route = state.routes.get(key)
            if route is None:
                self._send(404, json.dumps({"error": "no such route", "route": key}).encode(),
                           "application/json")
                return
            fault = state.faults().get(key, {})
            count = state.hit(key)
            if fault.get("fail_first"):
                if count > int(fault["fail_first"]):
                    fault = {}
                elif fault.get("reset"):
                    self._reset()
                    return
                else:
                    self._send(int(fault.get("status", 503)), b'{"error": "busy"}',
                               "application/json")
                    return
            if fault.get("delay"):
                time.sleep(float(fault["delay"]))
            if fault.get("reset"):
                self._reset()
                return
            token = fault.get("token", route.get("token"))
            if token is not None:
                sent = self.headers.get("Authorization", "") + self.headers.get("X-Api-Key", "")
                if token not in sent:
                    reason = fault.get("auth_error", "invalid credentials")
                    self._send(int(fault.get("auth_status", 401)),
                               json.dumps({"error": reason}).encode(), "application/json")
                    return
            if "raw" in fault:
                self._send(int(fault.get("status", 200)), str(fault["raw"]).encode(),
                           fault.get("content_type", "application/json"))
                return
            status = int(fault.get("status", route.get("status", 200)))
            if "body" in fault:
                reply: Any = fault["body"]
            elif route.get("echo"):
                parsed = json.loads(body or b"{}")
                reply = {"accepted": True, "received": parsed}
            else:
                reply = route.get("body", {})
            with state.lock:
                state.received.append({"route": key, "body": body.decode("utf-8", "replace")})
            if status >= 500 and "body" not in fault:
                reply = {"error": fault.get("error", "upstream failure")}
            if route.get("msgpack"):
                import msgpack

                self._send(status, msgpack.packb(reply), "application/msgpack")
                return
            if route.get("content_type", "application/json") != "application/json":
                self._send(status, str(reply).encode(), route["content_type"])
                return
            self._send(status, json.dumps(reply).encode(), "application/json")

        def do_GET(self) -> None:
            self._handle("GET")

        def do_POST(self) -> None:
            self._handle("POST")

        def do_PUT(self) -> None:
            self._handle("PUT")

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--routes", type=Path, required=True)
    parser.add_argument("--faults", type=Path)
    args = parser.parse_args()
    routes = json.loads(args.routes.read_text())
    state = PartnerState(routes, args.faults)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(state))
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
