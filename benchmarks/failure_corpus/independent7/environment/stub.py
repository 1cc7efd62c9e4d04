"""Stub of one partner service (the tariff service or the meter registry), run as its
own process: `python stub.py SERVICE SECRET FAULTS_JSON` prints its port, then serves.

A fault makes the service answer an error status, answer late, drop the connection or
rename fields of its answer, for every request or only for the first `first` ones.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TARIFFS = {
    "standard": {"code": "standard", "unit_price_millicents": 28500,
                 "standing_charge_cents": 50},
    "economy": {"code": "economy", "unit_price_millicents": 24000, "standing_charge_cents": 45,
                "block_kwh": 100, "block_price_millicents": 18000},
    "business": {"code": "business", "unit_price_millicents": 22000,
                 "standing_charge_cents": 120},
}
METERS = {
    "HE-100": {"serial": "HE-100", "site": "Dock 1", "kind": "electricity",
               "commissioned": "2021-09-02"},
    "HE-101": {"serial": "HE-101", "site": "Dock 2", "kind": "electricity",
               "commissioned": "2023-04-17"},
    "HE-200": {"serial": "HE-200", "site": "North Yard", "kind": "heat",
               "commissioned": "2019-01-30"},
}


class Service:
    def __init__(self, name: str, secret: str, faults: list[dict[str, Any]]) -> None:
        self.name = name
        self.secret = secret
        self.faults = faults
        self.seen = [0] * len(faults)
        self.lock = threading.Lock()

    def fault(self) -> dict[str, Any] | None:
        with self.lock:
            for n, fault in enumerate(self.faults):
                self.seen[n] += 1
                if not fault.get("first") or self.seen[n] <= fault["first"]:
                    return fault
        return None

    def authorised(self, headers: Any) -> bool:
        if self.name == "tariffs":
            return headers.get("X-Api-Key") == self.secret
        return headers.get("Authorization") == f"Bearer {self.secret}"

    def answer(self, path: str) -> tuple[int, Any]:
        parts = path.strip("/").split("/")
        if self.name == "tariffs" and len(parts) == 2 and parts[0] == "tariffs":
            found = TARIFFS.get(parts[1])
        elif self.name == "registry" and parts == ["sites"]:
            return 200, {"sites": sorted({m["site"] for m in METERS.values()})}
        elif self.name == "registry" and len(parts) == 2 and parts[0] == "meters":
            found = METERS.get(parts[1])
        else:
            found = None
        return (200, dict(found)) if found else (404, {"error": "not found"})


def serve(service: Service) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            """The stub keeps no access log: the job's XML is what the corpus records."""

        def do_GET(self) -> None:
            fault = service.fault()
            if fault and fault.get("delay"):
                time.sleep(fault["delay"])
            if fault and fault.get("drop"):
                self.close_connection = True
                self.connection.close()
                return
            if fault and fault.get("status"):
                return self.reply(fault["status"], {"error": "service failure"})
            if not service.authorised(self.headers):
                status = 401 if service.name == "tariffs" else 403
                return self.reply(status, {"error": "credentials refused"})
            status, payload = service.answer(self.path)
            if fault and status == 200 and isinstance(payload, dict):
                for old, new in fault.get("rename", {}).items():
                    if old in payload:
                        payload[new] = payload.pop(old)
            self.reply(status, payload)

        def reply(self, status: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client that gave up on a late answer has closed its end

    return Server(("127.0.0.1", 0), Handler)


def main(argv: list[str]) -> int:
    service = Service(argv[1], argv[2], json.loads(argv[3]))
    server = serve(service)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
