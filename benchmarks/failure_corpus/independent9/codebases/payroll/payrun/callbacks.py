"""Receiver of the bank's settlement notifications (a small HTTP listener)."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

log = logging.getLogger(__name__)


class _Handler(BaseHTTPRequestHandler):
    server: CallbackListener

    def log_message(self, format: str, *args: Any) -> None:
        log.debug(format, *args)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        event = json.loads(self.rfile.read(length))
        self.server.record(event)
        self.send_response(204)
        self.end_headers()


class CallbackListener(HTTPServer):
    """Listens on a fixed port agreed with the bank and keeps the events it receives."""

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.events: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def record(self, event: dict[str, Any]) -> None:
        with self._lock:
            self.events.append(event)
        log.info("bank event %s for %s", event.get("type"), event.get("batch_id"))

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self.shutdown()
        self.server_close()

    def settled(self) -> set[str]:
        with self._lock:
            return {e["batch_id"] for e in self.events if e.get("type") == "settled"}
