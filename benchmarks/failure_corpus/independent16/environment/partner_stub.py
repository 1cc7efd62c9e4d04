"""HTTP partner stand-ins for the ferry timetable publisher: port authority, met service,
ferry operators and the journey planner.

Faults are read from a JSON file on every request, so a run can change them without a restart:
``{"rules": [{"path": "/v1/sea-state/PENTLAND", "status": 503, "delay": 0.0, "body": {...},
"reset": false}]}``. A rule applies to requests whose path starts with ``path``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import socket
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

TOKEN = "partner-token-2026"


def _seed(text: str) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16)


def berths(port: str, day: str) -> dict[str, Any]:
    """Free berths of a port on a day."""
    seed = _seed(port + day)
    count = 2 + seed % 3
    return {
        "port": port,
        "date": day,
        "berths": [
            {"id": f"{port[:3]}-{n + 1}", "free_from": f"{5 + n:02d}:00", "free_to": "22:30"}
            for n in range(count)
        ],
    }


def sea_state(area: str) -> dict[str, Any]:
    """Sea state forecast of an area; GALE areas have high waves."""
    seed = _seed(area)
    wave = 5.5 if area.startswith("GALE") else round(0.5 + (seed % 20) / 10, 1)
    return {"area": area, "wave_height_m": wave, "wind_kt": 10 + seed % 25,
            "issued": "2026-06-01T05:00:00Z"}


def schedule(operator: str) -> dict[str, Any]:
    """An operator's published sailings."""
    seed = _seed(operator)
    sailings = []
    for n in range(3 + seed % 3):
        hour = 6 + 3 * n
        sailings.append({
            "route": f"{operator[:3].upper()}-{n % 2}",
            "departs": f"2026-06-01T{hour:02d}:15:00",
            "arrives": f"2026-06-01T{hour + 1:02d}:45:00",
            "vessel": f"MV {operator.title()} {n % 2 + 1}",
            "capacity": 120 + 40 * n,
            "status": "scheduled",
        })
    return {"operator": operator, "version": seed % 1000, "sailings": sailings}


class Handler(BaseHTTPRequestHandler):
    """Answers partner requests, applying the fault file's first matching rule."""

    server: PartnerServer

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        return

    def _rule(self) -> dict[str, Any] | None:
        path = self.path.split("?", 1)[0]
        try:
            rules = json.loads(self.server.faults.read_text()).get("rules", [])
        except (OSError, ValueError):
            rules = []
        for rule in rules:
            if path.startswith(rule["path"]) and rule.get("method", self.command) == self.command:
                return dict(rule)
        return None

    def _send(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _answer(self) -> tuple[int, Any]:
        parts = [p for p in self.path.split("?", 1)[0].split("/") if p]
        query = dict(
            kv.split("=", 1) for kv in (self.path.split("?", 1) + [""])[1].split("&") if "=" in kv
        )
        kind = self.server.kind
        if kind == "berths" and parts[:2] == ["v1", "berths"] and len(parts) == 3:
            return 200, berths(parts[2], query.get("date", "2026-06-01"))
        if kind == "berths" and parts[:2] == ["v1", "berths"] and parts[3:] == ["bookings"]:
            length = int(self.headers.get("Content-Length", "0"))
            request = json.loads(self.rfile.read(length) or b"{}")
            ref = hashlib.sha1(json.dumps(request, sort_keys=True).encode()).hexdigest()[:8]
            return 201, {"booking": f"BK-{ref.upper()}", "berth": request.get("berth")}
        if kind == "weather" and parts[:2] == ["v1", "sea-state"] and len(parts) == 3:
            return 200, sea_state(parts[2])
        if kind == "operators" and parts[:2] == ["v1", "operators"] and parts[3:] == ["schedule"]:
            return 200, schedule(parts[2])
        if kind == "planner" and parts[:2] == ["v1", "feeds"] and self.command == "POST":
            length = int(self.headers.get("Content-Length", "0"))
            feed = json.loads(self.rfile.read(length) or b"{}")
            return 202, {"accepted": len(feed.get("sailings", [])), "feed": feed.get("name")}
        return 404, {"error": f"no such resource {self.path}"}

    def _handle(self) -> None:
        rule = self._rule()
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, {"error": "missing or unknown token"})
            return
        if rule and rule.get("delay"):
            time.sleep(float(rule["delay"]))
        if rule and rule.get("reset"):
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00"
                                       b"\x00\x00\x00\x00")
            self.connection.close()
            return
        status, body = self._answer()
        if rule and "status" in rule:
            status = int(rule["status"])
            body = rule.get("body", {"error": f"partner answered {status}"})
        elif rule and "body" in rule:
            body = rule["body"]
        elif rule and "patch" in rule:
            body = _patched(body, rule["patch"])
        self._send(status, body)

    def do_GET(self) -> None:  # noqa: N802
        self._handle()

    def do_POST(self) -> None:  # noqa: N802
        self._handle()


def _patched(body: Any, patch: dict[str, Any]) -> Any:
    """Applies ``{"drop": [field], "set": {field: value}}`` to every listed item of the body;
    ``"repeat_first": true`` sends the list's first item twice."""
    items = body.get(patch.get("list", ""), [body]) if isinstance(body, dict) else [body]
    if patch.get("repeat_first") and items:
        items.append(dict(items[0]))
        return body
    for item in items:
        for field in patch.get("drop", []):
            item.pop(field, None)
        item.update(patch.get("set", {}))
    return body


class PartnerServer(ThreadingHTTPServer):
    """A threading HTTP server that knows which partner it plays and its fault file."""

    daemon_threads = True

    def __init__(self, port: int, kind: str, faults: Path) -> None:
        super().__init__(("127.0.0.1", port), Handler)
        self.kind = kind
        self.faults = faults


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kind", required=True,
                        choices=["berths", "weather", "operators", "planner"])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--faults", type=Path, required=True)
    args = parser.parse_args()
    PartnerServer(args.port, args.kind, args.faults).serve_forever()


if __name__ == "__main__":
    main()
