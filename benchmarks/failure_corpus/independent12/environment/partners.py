"""Stand-in partner services for the fleet-maintenance service: a parts supplier and telematics.

Run as ``python partners.py parts|telematics PORT SECRET FAULTS_JSON``. The faults file is read on
every request, so a night's environment can be changed without restarting the process.
"""

from __future__ import annotations

import json
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

_reset_seen: set[str] = set()
_reset_lock = threading.Lock()


def _scoped(faults: dict[str, Any], name: str, key: str) -> bool:
    """Whether a fault applies to this vehicle or part (``<name>_prefix``: str or list)."""
    prefix = faults.get(f"{name}_prefix", "")
    return key.startswith(tuple(prefix) if isinstance(prefix, list) else prefix)


def _faults(path: Path) -> dict[str, Any]:
    try:
        loaded: dict[str, Any] = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return loaded


class PartnerHandler(BaseHTTPRequestHandler):
    kind = "parts"
    secret = ""
    faults_path = Path("faults.json")
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def _send(self, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _authorised(self, faults: dict[str, Any]) -> bool:
        if self.kind == "parts":
            presented = self.headers.get("X-Api-Key", "")
        else:
            presented = self.headers.get("Authorization", "").removeprefix("Bearer ")
        reject = faults.get("auth_reject")
        if reject:
            message = "token expired" if reject == 403 else "api key revoked"
            self._send(int(reject), {"error": message})
            return False
        if presented != self.secret:
            self._send(401, {"error": "unknown credentials"})
            return False
        return True

    def _common(self, method: str, key: str = "") -> dict[str, Any] | None:
        faults = _faults(self.faults_path)
        delay = float(faults.get("delay", 0))
        if delay:
            time.sleep(delay)
        if not self._authorised(faults):
            return None
        status = faults.get(f"status_{method}")
        if status and _scoped(faults, f"status_{method}", key):
            self._send(int(status), {"error": "partner failure"})
            return None
        return faults

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        parts = [p for p in url.path.split("/") if p]
        if self.kind == "telematics" and len(parts) == 4 and parts[2] and parts[3] == "odometer":
            vin = parts[2]
            faults = _faults(self.faults_path)
            if vin in faults.get("reset_once", []):
                with _reset_lock:
                    first = vin not in _reset_seen
                    _reset_seen.add(vin)
                if first:
                    self.connection.close()
                    return
            faults_ok = self._common("get", vin)
            if faults_ok is None:
                return
            body: dict[str, Any] = {
                "vin": vin,
                "odometer_km": 10_000 + zlib.crc32(vin.encode()) % 190_000,
                "recorded_at": "2026-12-01T06:00:00+00:00",
            }
            if _scoped(faults_ok, "drop", vin):
                for field in faults_ok.get("drop_fields", []):
                    body.pop(field, None)
            self._send(200, body)
            return
        if self.kind == "parts" and len(parts) == 3 and parts[1] == "parts":
            sku = parts[2]
            faults_ok = self._common("get", sku)
            if faults_ok is None:
                return
            depot = parse_qs(url.query).get("depot", ["NORTH"])[0]
            cents = 500 + zlib.crc32(sku.encode()) % 9_000
            as_string = faults_ok.get("price_as_string") and _scoped(faults_ok, "price", sku)
            currency = "EUR"
            if _scoped(faults_ok, "currency", sku):
                currency = faults_ok.get("currency", "EUR")
            body = {
                "sku": sku,
                "price_cents": f"{cents / 100:.2f}" if as_string else cents,
                "currency": currency,
                "stock": zlib.crc32((sku + depot).encode()) % 40,
            }
            self._send(200, body)
            return
        self._send(404, {"error": "not found"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        payload = json.loads(self.rfile.read(length) or b"{}")
        if self.kind != "parts" or self.path != "/v1/orders":
            self._send(404, {"error": "not found"})
            return
        ref = f"PO-{zlib.crc32(json.dumps(payload, sort_keys=True).encode()):08x}"
        if _faults(self.faults_path).get("reset_once_orders"):
            with _reset_lock:
                first = ref not in _reset_seen
                _reset_seen.add(ref)
            if first:
                self.connection.close()
                return
        if self._common("post") is None:
            return
        lines = payload.get("lines", [])
        self._send(201, {"order_ref": ref, "status": "accepted", "lines": len(lines)})


def main(argv: list[str]) -> None:
    kind, port, secret, faults = argv[1], int(argv[2]), argv[3], Path(argv[4])
    handler = type("Handler", (PartnerHandler,), {
        "kind": kind, "secret": secret, "faults_path": faults,
    })
    server = ThreadingHTTPServer(("127.0.0.1", port), handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main(sys.argv)
