"""The hub's status endpoint: a small HTTP server answering health checks."""

from __future__ import annotations

import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

log = logging.getLogger("parcelhub.status")


class _Handler(BaseHTTPRequestHandler):
    server: StatusServer

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        if self.path != "/health":
            self.send_error(404)
            return
        body = json.dumps(self.server.health()).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        log.debug(format, *args)


class StatusServer(ThreadingHTTPServer):
    """Serves ``/health`` with the counters given to it."""

    allow_reuse_address = True

    def __init__(self, port: int, counters: dict[str, int]) -> None:
        super().__init__(("127.0.0.1", port), _Handler)
        self.counters = counters
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    def health(self) -> dict[str, Any]:
        """The health document."""
        return {"status": "ok", **self.counters}

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread.start()
        log.info("status endpoint on port %d", self.server_address[1])

    def stop(self) -> None:
        """Stop serving and close the socket."""
        self.shutdown()
        self.server_close()
