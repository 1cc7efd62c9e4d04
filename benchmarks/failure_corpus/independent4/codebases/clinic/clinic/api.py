"""The front desk's small JSON API (WSGI, served by wsgiref on the clinic's port)."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterable
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from clinic import appointments


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log on stderr."""


def app_for(conn: Any) -> Callable[..., Iterable[bytes]]:
    lock = threading.Lock()

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        parts = environ["PATH_INFO"].strip("/").split("/")
        if parts == ["health"]:
            status, body = "200 OK", {"status": "ok"}
        elif len(parts) == 3 and parts[0] == "schedule":
            with lock:
                rows = appointments.schedule(conn, parts[1], dt.date.fromisoformat(parts[2]))
            status, body = "200 OK", {"appointments": [
                {"ref": r["ref"], "starts_at": r["starts_at"].isoformat()} for r in rows]}
        else:
            status, body = "404 Not Found", {"error": f"no route {environ['PATH_INFO']}"}
        start_response(status, [("Content-Type", "application/json")])
        return [json.dumps(body).encode()]

    return app


def serve(conn: Any, port: int) -> tuple[WSGIServer, threading.Thread]:
    server = make_server("127.0.0.1", port, app_for(conn), handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread
