"""A real HTTP server for the corpus: /secure answers 401, /boom 500, /down 503, /slow sleeps."""

from __future__ import annotations

import contextlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {"/secure": (401, {"error": "Unauthorized", "request": time.time()}),
                  "/boom": (500, {"error": "internal error", "trace": id(self)}),
                  "/down": (503, {"error": "Service Unavailable"}),
                  "/ok": (200, {"status": "ok"})}
        path = self.path.split("?", 1)[0]
        if path == "/slow":
            time.sleep(1.0)
        status, body = routes.get(path, (200, {"status": "slow"}))
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        with contextlib.suppress(BrokenPipeError):
            self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def api() -> str:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture
def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def broken_fixture(tmp_path):
    config = tmp_path / "settings.json"
    return json.loads(config.read_text())  # never written: the fixture fails
