"""Stand-in HTTP servers for the claims service's partners (fraud scoring, payments).

Faults are switched on from the command line so a night's run can break one endpoint.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse


def _pairs(values: list[str]) -> dict[str, str]:
    return dict(v.split("=", 1) for v in values)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command line of the stub."""
    p = argparse.ArgumentParser()
    p.add_argument("--service", choices=["fraud", "payments"], required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--secret", required=True, help="the API key or token that is accepted")
    p.add_argument("--reject", choices=["none", "expired", "revoked"], default="none")
    p.add_argument("--deny", action="append", default=[], help="path answered 403")
    p.add_argument("--fail", action="append", default=[], help="PATH=STATUS")
    p.add_argument("--delay", action="append", default=[], help="PATH=SECONDS")
    p.add_argument("--reset", action="append", default=[],
                   help="path whose connections are dropped")
    p.add_argument("--cold-start", type=int, default=0, help="drop the first N score requests")
    p.add_argument("--drop-field", action="append", default=[], help="PATH=FIELD left out")
    p.add_argument("--status", default="settled", help="payout status answered")
    return p.parse_args(argv)


class Partner(BaseHTTPRequestHandler):
    """Request handler; behaviour comes from the server's ``opts``."""

    server: PartnerServer

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet access log."""

    def _send(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _drop(self) -> None:
        linger = b"\x01\x00\x00\x00\x00\x00\x00\x00"
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, linger)
        self.connection.close()
        self.close_connection = True

    def _authorized(self) -> bool:
        opts = self.server.opts
        if opts.service == "fraud":
            given = self.headers.get("X-Api-Key", "")
        else:
            given = self.headers.get("Authorization", "").removeprefix("Bearer ")
        if given != opts.secret:
            self._send(401, {"error": "unknown credentials"})
            return False
        if opts.reject == "expired":
            self._send(403, {"error": "api key expired"})
            return False
        if opts.reject == "revoked":
            self._send(401, {"error": "token revoked"})
            return False
        return True

    def _handle(self, payload: dict[str, Any]) -> None:
        opts = self.server.opts
        path = urlparse(self.path).path
        if path == "/score":
            with self.server.lock:
                self.server.seen += 1
                seen = self.server.seen
            if seen <= opts.cold_start:
                self._drop()
                return
        if path in opts.reset:
            self._drop()
            return
        delay = _pairs(opts.delay).get(path)
        if delay:
            time.sleep(float(delay))
        if not self._authorized():
            return
        if path in opts.deny:
            self._send(403, {"error": f"token lacks scope for {path}"})
            return
        fail = _pairs(opts.fail).get(path)
        if fail:
            self._send(int(fail), {"error": "upstream failure"})
            return
        body = self.answer(path, payload)
        if body is None:
            self._send(404, {"error": f"no route {path}"})
            return
        drop = _pairs(opts.drop_field).get(path)
        if drop:
            body.pop(drop, None)
        self._send(200, body)

    def answer(self, path: str, payload: dict[str, Any]) -> dict[str, Any] | None:
        """The healthy answer of an endpoint."""
        opts = self.server.opts
        if opts.service == "fraud" and path == "/score":
            amount = int(payload["amount"][0])
            digest = int(hashlib.sha256(payload["claim"][0].encode()).hexdigest()[:4], 16)
            score = round(min(amount / 1_000_000 + (digest % 10) / 100, 0.99), 3)
            verdict = "refer" if score > 0.6 else "review" if score > 0.3 else "clear"
            return {"claim": payload["claim"][0], "score": score, "verdict": verdict}
        if opts.service == "fraud" and path == "/history":
            holder = payload["holder"][0]
            count = len(holder) % 3
            claims = [{"year": 2020 + i, "kind": "water"} for i in range(count)]
            return {"holder": holder, "claims": claims}
        if opts.service == "payments" and path == "/payouts":
            ref = "PAY-" + hashlib.sha256(payload["claim"].encode()).hexdigest()[:10].upper()
            return {"reference": ref, "status": opts.status,
                    "amount_cents": payload["amount_cents"]}
        if opts.service == "payments" and path == "/accounts/validate":
            iban = payload["iban"].replace(" ", "")
            return {"iban": iban, "valid": iban.startswith("DE") and len(iban) == 22}
        return None

    def do_GET(self) -> None:  # noqa: N802
        """Fraud endpoints take query parameters."""
        self._handle(parse_qs(urlparse(self.path).query))

    def do_POST(self) -> None:  # noqa: N802
        """Payments endpoints take a JSON body."""
        length = int(self.headers.get("Content-Length", "0"))
        self._handle(json.loads(self.rfile.read(length) or b"{}"))


class PartnerServer(ThreadingHTTPServer):
    """Server carrying the fault options and a request counter."""

    daemon_threads = True

    def __init__(self, opts: argparse.Namespace) -> None:
        super().__init__(("127.0.0.1", opts.port), Partner)
        self.opts = opts
        self.seen = 0
        self.lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A client that gave up waiting is not an error of the partner."""


def main() -> None:
    """Serve until killed."""
    server = PartnerServer(parse_args())
    server.serve_forever()


if __name__ == "__main__":
    main()
