"""Ticketing partner health check over a raw socket, and the sales callback receiver."""

from __future__ import annotations

import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer


def ticketing_status(host: str, port: int, timeout: float) -> int:
    """Status code of the ticketing partner's health endpoint."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(b"GET /v1/health HTTP/1.0\r\nHost: tickets\r\n\r\n")
        reply = b""
        while chunk := sock.recv(4096):
            reply += chunk
    return int(reply.split(b" ", 2)[1])


class CallbackReceiver:
    """Receives the ticketing partner's sales callbacks on a fixed port."""

    def __init__(self, port: int) -> None:
        received: list[bytes] = []
        self.received = received

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: object) -> None:
                return

            def do_POST(self) -> None:
                received.append(self.rfile.read(int(self.headers["Content-Length"])))
                self.send_response(204)
                self.end_headers()

        self.server = HTTPServer(("127.0.0.1", port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> CallbackReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
