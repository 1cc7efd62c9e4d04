"""Partner HTTP services for the corpus jobs: ticket desk, webhooks, sites, pricing, feeds.

Behaviour overrides come from a JSON rules file re-read on every request, so a night's
causes can make one route slow, failing, refusing credentials or resetting connections.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_LOCK = threading.Lock()
_COUNTERS: dict[str, int] = {}
_RULES: dict[str, tuple[int, dict[str, Any]]] = {}
_IDS = {"next": 1000}
VALID_TOKENS = {"tk-desk-read", "tk-desk-write", "tk-hooks", "tk-pricing", "tk-feed", "tk-site"}


def load_rules(path: str) -> dict[str, Any]:
    """Rules file contents, reloaded (and its counters reset) when the file changes."""
    try:
        mtime = os.stat(path).st_mtime_ns
    except FileNotFoundError:
        return {}
    with _LOCK:
        cached = _RULES.get(path)
        if cached is None or cached[0] != mtime:
            with open(path, encoding="utf-8") as fh:
                cached = (mtime, json.load(fh))
            _RULES[path] = cached
            for key in [k for k in _COUNTERS if k.startswith(path)]:
                del _COUNTERS[key]
        return dict(cached[1])


def ticket(num: int) -> dict[str, Any]:
    """A ticket as the desk API returns it."""
    return {
        "id": num,
        "title": f"Printer on floor {num % 7} jams",
        "status": ["open", "pending", "closed"][num % 3],
        "priority": ["low", "high", "urgent"][num % 3],
        "assignee": None if num % 4 == 0 else f"agent{num % 5}",
        "created": f"2026-11-{(num % 27) + 1:02d}T09:30:00Z",
    }


def site_page(path: str) -> tuple[int, str, str]:
    """HTML pages of the crawled site: each links to two children up to depth 3."""
    depth = path.count("/") - 2
    links = "" if depth >= 3 else "".join(
        f'<a href="{path.rstrip("/")}/p{i}">p{i}</a><a href="{path.rstrip("/")}/p{i}#top">t</a>'
        for i in range(2)
    )
    body = f"<html><head><title>Page {path}</title></head><body>{links}</body></html>"
    return 200, "text/html", body


def default_get(path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
    """Normal answers of the partner services."""
    parts = [p for p in path.split("/") if p]
    if path.startswith("/desk/api/tickets/"):
        return 200, ticket(int(parts[3]))
    if path == "/desk/api/tickets":
        status = query.get("status", ["open"])[0]
        page = int(query.get("page", ["1"])[0])
        items = [ticket(n) for n in range(1, 31) if ticket(n)["status"] == status]
        chunk = items[(page - 1) * 4: page * 4]
        return 200, {"items": chunk, "page": page, "next": page + 1 if page * 4 < len(items) else None}
    if path.startswith("/desk/api/users/"):
        return 200, {"login": parts[3], "team": "facilities", "active": True}
    if path.startswith("/desk/sla/"):
        return 200, {"low": 72, "high": 24, "urgent": 4}
    if path.startswith("/desk/files/"):
        return 200, {"name": parts[-1], "size": 2048}
    if path == "/desk/health":
        return 200, {"status": "ok"}
    if path.startswith("/pricing/api/prices/"):
        return 200, {"sku": parts[3], "unit_price": "12.50", "currency": "EUR"}
    if path.startswith("/feed/"):
        return 200, {"file": parts[-1]}
    if path.startswith("/hooks/status"):
        return 200, {"status": "ok"}
    if path.startswith("/site/api/search"):
        term = query.get("q", [""])[0]
        return 200, {"query": term, "hits": [f"/site/p{i}" for i in range(2)]}
    if path.startswith("/site/sitemap"):
        return 200, {"urls": [{"loc": "/site/a", "priority": 0.8}, {"loc": "/site/b", "priority": 0.5}]}
    return 404, {"error": "not found", "path": path}


class Handler(BaseHTTPRequestHandler):
    """Answers with a matching rule if any, else as the partner normally does."""

    rules_dir = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def _send(self, status: int, body: Any, ctype: str = "application/json",
              headers: dict[str, str] | None = None) -> None:
        raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        if isinstance(body, str) and ctype == "application/json":
            ctype = "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(raw)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(raw)

    @property
    def rules_path(self) -> str:
        """Each partner (first path segment) has its own rules file."""
        segment = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        return os.path.join(self.rules_dir, segment + ".json")

    def _rule(self) -> dict[str, Any] | None:
        data = load_rules(self.rules_path)
        for rule in data.get("rules", []):
            if rule.get("method", "*") not in ("*", self.command):
                continue
            if not self.path.startswith(rule["path"]):
                continue
            key = self.rules_path + rule.get("id", rule["path"])
            with _LOCK:
                _COUNTERS[key] = _COUNTERS.get(key, 0) + 1
                seen = _COUNTERS[key]
            if "times" in rule and seen > rule["times"]:
                continue
            return rule
        return None

    def _authorised(self) -> bool:
        header = self.headers.get("Authorization", "")
        token = header.removeprefix("Bearer ").strip()
        if token.startswith("exp-"):
            return int(token.split("-")[1]) > time.time()
        revoked = set(load_rules(self.rules_path).get("revoked", []))
        return token in VALID_TOKENS and token not in revoked

    def _handle(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length) if length else b""
        rule = self._rule()
        if rule is not None:
            time.sleep(rule.get("delay", 0))
            action = rule.get("action")
            if action == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.connection.close()
                return
            if action == "close":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if "status" in rule:
                self._send(rule["status"], rule.get("body", ""), rule.get("ctype", "application/json"),
                           rule.get("headers"))
                return
        if "/api/" in self.path and not self._authorised():
            token = self.headers.get("Authorization", "")
            reason = "token_expired" if "exp-" in token else "invalid_token"
            self._send(401, {"error": reason}, headers={"WWW-Authenticate": "Bearer"})
            return
        split = urlsplit(self.path)
        if split.path.endswith("/gone"):
            self._send(410, {"error": "endpoint retired"})
            return
        if self.command == "GET":
            if split.path.startswith("/site/") and not split.path.startswith(("/site/sitemap", "/site/api/")):
                status, ctype, html = site_page(split.path)
                self._send(status, html, ctype)
                return
            status, body = default_get(split.path, parse_qs(split.query))
            self._send(status, body)
            return
        try:
            data = json.loads(payload or b"{}")
        except ValueError:
            data = {"raw": payload.decode("utf-8", "replace")}
        if split.path == "/desk/graphql":
            term = data.get("variables", {}).get("term", "")
            hits = [ticket(n) for n in range(1, 31) if term.lower() in ticket(n)["title"].lower()]
            self._send(200, {"data": {"search": hits[:5]}})
            return
        with _LOCK:
            _IDS["next"] += 1
            new_id = _IDS["next"]
        self._send(201, {"id": new_id, "accepted": True, "echo": data})

    do_GET = _handle
    do_POST = _handle
    do_PUT = _handle


class Server(ThreadingHTTPServer):
    """Quiet about clients that hang up early (timeouts are expected here)."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        return


def main() -> None:
    """Serve until killed."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--rules", required=True)
    args = parser.parse_args()
    Handler.rules_dir = args.rules
    server = Server(("127.0.0.1", args.port), Handler)
    server.serve_forever()


if __name__ == "__main__":
    main()
