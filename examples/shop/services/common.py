"""Plumbing shared by the shop services: JSON over HTTP, routing, SQLite and serving."""

from __future__ import annotations

import argparse
import json
import re
import signal
import sqlite3
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from services.domain import ValidationError

MAX_BODY_BYTES = 1_000_000

Response = tuple[int, Any]


class HTTPError(Exception):
    """An error answer: ``{"detail": detail, **extra}`` with ``status``."""

    def __init__(self, status: int, detail: str, /, **extra: Any) -> None:
        super().__init__(detail)
        self.status = status
        self.payload = {"detail": detail, **extra}


@dataclass
class Request:
    method: str
    path: str
    headers: Message
    query: dict[str, str] = field(default_factory=dict)
    body: Any = None
    params: dict[str, int] = field(default_factory=dict)

    def json_object(self) -> dict[str, Any]:
        """The body, which must be a JSON object."""
        if not isinstance(self.body, dict):
            raise HTTPError(400, "Request body must be a JSON object")
        return self.body

    def bearer_token(self) -> str | None:
        scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return token.strip()


Handler = Callable[[Request], Response]


def validated(check: Callable[..., Any], *args: Any) -> Any:
    """Run a domain check; its ValidationError becomes a 400 naming the field."""
    try:
        return check(*args)
    except ValidationError as exc:
        raise HTTPError(400, str(exc), field=exc.field) from None


class Router:
    """Maps ``(method, "/users/{id}")`` to handlers; ``{name}`` matches an id of 1-18 digits."""

    def __init__(self) -> None:
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []

    def add(self, method: str, pattern: str, handler: Handler) -> None:
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[0-9]{1,18})", pattern)
        self._routes.append((method, re.compile(f"^{regex}$"), handler))

    def dispatch(self, request: Request) -> Response:
        allowed = []
        for method, regex, handler in self._routes:
            match = regex.match(request.path)
            if not match:
                continue
            if method == request.method:
                request.params = {k: int(v) for k, v in match.groupdict().items()}
                return handler(request)
            allowed.append(method)
        if allowed:
            raise HTTPError(405, f"Method {request.method} not allowed; use {', '.join(allowed)}")
        raise HTTPError(404, f"No route for {request.path}")


class JSONHandler(BaseHTTPRequestHandler):
    """Parses JSON requests, dispatches them to ``server.router`` and answers JSON."""

    protocol_version = "HTTP/1.1"
    server_version = "ShopService/1.0"
    server: ShopServer

    def _handle(self) -> None:
        try:
            status, payload = self.server.router.dispatch(self._read_request())
        except HTTPError as exc:
            status, payload = exc.status, exc.payload
        except Exception:
            traceback.print_exc()
            status, payload = 500, {"detail": "Internal server error"}
        self._send(status, payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def _read_request(self) -> Request:
        url = urlsplit(self.path)
        request = Request(self.command, url.path.rstrip("/") or "/", self.headers)
        request.query = dict(parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY_BYTES:
            raise HTTPError(413, "Request body too large")
        raw = self.rfile.read(length) if length else b""
        if raw.strip():
            try:
                request.body = json.loads(raw)
            except ValueError:
                raise HTTPError(400, "Request body is not valid JSON") from None
        return request

    def _send(self, status: int, payload: Any) -> None:
        body = b"" if payload is None else json.dumps(payload).encode()
        self.send_response(status)
        if body:
            self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.log_date_time_string()} {format % args}\n")


class ShopServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address: tuple[str, int], router: Router) -> None:
        super().__init__(address, JSONHandler)
        self.router = router


class Database:
    """One SQLite connection per thread on the same file, in WAL mode."""

    def __init__(self, path: str, schema: str) -> None:
        self.path = path
        self._local = threading.local()
        self.connection().execute("PRAGMA journal_mode=WAL")
        self.connection().executescript(schema)

    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, timeout=10, isolation_level=None)
            conn.row_factory = sqlite3.Row
            conn.execute("PRAGMA foreign_keys=ON")
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on error)."""
        conn = self.connection()
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")

    def one(self, sql: str, params: tuple[Any, ...] = ()) -> dict[str, Any] | None:
        row = self.connection().execute(sql, params).fetchone()
        return dict(row) if row else None

    def all(self, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
        return [dict(row) for row in self.connection().execute(sql, params)]

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> sqlite3.Cursor:
        return self.connection().execute(sql, params)

    def insert(self, table: str, values: dict[str, Any]) -> int:
        """Insert one row (column names are trusted code, never input); its id."""
        columns, marks = ", ".join(values), ", ".join("?" * len(values))
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        return int(self.execute(sql, tuple(values.values())).lastrowid or 0)


def now_iso() -> str:
    """The current UTC time, e.g. ``2025-01-31T12:00:00.123Z``."""
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def argument_parser(description: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--port", type=int, required=True, help="TCP port to listen on")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind")
    parser.add_argument("--db", required=True, help="SQLite database file")
    return parser


def serve(
    name: str, router: Router, host: str, port: int, on_stop: Callable[[], None] | None = None
) -> None:
    """Serve until SIGTERM or SIGINT, then stop accepting, call ``on_stop`` and return."""
    server = ShopServer((host, port), router)
    stopping = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopping.set())
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    print(f"{name} listening on http://{host}:{port}", flush=True)
    stopping.wait()
    server.shutdown()
    server.server_close()
    if on_stop:
        on_stop()
    print(f"{name} stopped", flush=True)
