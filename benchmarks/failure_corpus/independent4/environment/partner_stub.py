"""Staging stub of the clinic's partners: insurer, SMS gateway and laboratory (http.server).

Usage: python partner_stub.py CONFIG.json PORT_FILE
CONFIG: {"insurer_key", "notify_token", "lab_token", "seed", "forbid": [path prefix],
"faults": [{"path", "status", "delay", "times", "results"}]}. A fault applies to requests
whose path starts with "path"; "times" limits how many requests it hits (absent: all);
"results" sets fields on every laboratory result. A request whose credential differs from
the configured one gets 401; a path under "forbid" gets 403 (the credential lacks the scope).
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PANELS = {
    "haematology": [("haemoglobin", "g/dL", 13.9, 17.5), ("ferritin", "ug/L", 84.0, 300.0)],
    "cardiology": [("troponin", "ng/L", 6.0, 14.0), ("glucose", "mmol/L", 5.4, 7.8)],
}


class Handler(BaseHTTPRequestHandler):
    config: dict = {}
    hits: dict[int, int] = {}
    lock = threading.Lock()
    rng = random.Random(0)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: no line on stderr per request."""

    def _fault(self) -> dict:
        for n, fault in enumerate(self.config.get("faults", [])):
            if self.path.startswith(fault["path"]):
                with self.lock:
                    used = self.hits.get(n, 0)
                    if "times" in fault and used >= fault["times"]:
                        continue
                    self.hits[n] = used + 1
                return fault
        return {}

    def _send(self, status: int, document: dict) -> None:
        body = json.dumps(document).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Request-Id", uuid.uuid4().hex)
        self.end_headers()
        self.wfile.write(body)

    def _allowed(self, header: str, expected: str) -> bool:
        sent = self.headers.get(header, "").removeprefix("Bearer ")
        if sent != expected:
            self._send(401, {"error": "unknown or expired credential",
                             "request_id": uuid.uuid4().hex})
            return False
        if any(self.path.startswith(p) for p in self.config.get("forbid", [])):
            self._send(403, {"error": f"credential lacks the scope for {self.path.split('?')[0]}",
                             "request_id": uuid.uuid4().hex})
            return False
        return True

    def _answer(self, document: dict) -> None:
        fault = self._fault()
        if fault.get("delay"):
            time.sleep(fault["delay"])
        if fault.get("status"):
            self._send(fault["status"], {"error": "upstream failure",
                                         "request_id": uuid.uuid4().hex})
            return
        for result in document.get("results", []):
            result.update(fault.get("results", {}))
        self._send(200, document)

    def _jitter(self) -> int:
        with self.lock:
            return self.rng.randint(0, 9)

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        parts = url.path.strip("/").split("/")
        if parts[:2] == ["v1", "eligibility"] and len(parts) == 3:
            if self._allowed("Authorization", self.config["insurer_key"]):
                self._answer({"member": parts[2], "covered": True, "plan": "statutory",
                              "copay_percent": 10 + self._jitter() % 5})
        elif parts[:2] == ["v2", "messages"] and len(parts) == 3:
            if self._allowed("X-Notify-Token", self.config["notify_token"]):
                self._answer({"message_id": parts[2],
                              "state": "delivered" if self._jitter() % 2 else "queued"})
        elif parts[:3] == ["lab", "v1", "results"] and parts[3:] and parts[3] in PANELS:
            if self._allowed("X-Lab-Token", self.config["lab_token"]):
                mrns = urllib.parse.parse_qs(url.query).get("mrn", [""])[0].split(",")
                self._answer({"department": parts[3], "results": self._panel(parts[3], mrns)})
        else:
            self._send(404, {"error": f"no route {url.path}"})

    def _panel(self, department: str, mrns: list[str]) -> list[dict]:
        results = []
        for n, mrn in enumerate(m for m in mrns if m):
            for analyte, unit, value, high in PANELS[department]:
                if analyte == "troponin" and n == 0:
                    value = 52.0
                results.append({"mrn": mrn, "lab_patient_no": 900000 + self._jitter() * 10 + n,
                                "analyte": analyte, "value": value + self._jitter() / 100,
                                "unit": unit, "reference_high": high,
                                "taken_at": f"2026-03-0{n + 2}T07:{self._jitter():02d}:00Z"})
        return results

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        request = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/v1/claims":
            if self._allowed("Authorization", self.config["insurer_key"]):
                self._answer({"claim_id": f"CLM-{uuid.uuid4().hex[:10].upper()}",
                              "member": request.get("member"), "state": "received"})
        elif self.path == "/v2/messages":
            if self._allowed("X-Notify-Token", self.config["notify_token"]):
                self._answer({"message_id": f"msg_{uuid.uuid4().hex[:16]}", "to": request["to"]})
        else:
            self._send(404, {"error": f"no route {self.path}"})


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client that timed out and closed its socket is expected here."""


def main() -> None:
    with open(sys.argv[1]) as handle:
        config = json.load(handle)
    Handler.config = config
    Handler.rng = random.Random(config.get("seed", 0))
    server = Server(("127.0.0.1", 0), Handler)
    with open(sys.argv[2], "w") as handle:
        handle.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()
