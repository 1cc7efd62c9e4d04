"""Partner services of the newsdesk: news agency wire, syndication network, photo agency.

Run one role per process: ``python partners.py ROLE PORT FAULTS_JSON``. The faults file maps a
route (``agency:a``, ``syndicate``, ``photos``) to how that route misbehaves tonight.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

CATEGORIES = ["politics", "business", "sport", "culture", "science", "metro"]
ACCEPTED_TOKEN = "syndication-2026"


def agency_items(agency: str) -> list[dict[str, Any]]:
    """Today's items of one agency."""
    items = []
    for number in range(1, 4):
        item: dict[str, Any] = {
            "slug": f"{agency}-wire-{number}",
            "headline": f"Agency {agency.upper()} report number {number}",
            "body": " ".join(f"word{i}" for i in range(40 * number)),
            "priority": number + 1,
            "category": CATEGORIES[(ord(agency) + number) % len(CATEGORIES)],
        }
        if agency != "b":
            item["byline"] = f"{agency.upper()} correspondent"
        items.append(item)
    return items


def photos(query: str) -> list[dict[str, Any]]:
    """Pictures matching a query."""
    return [
        {
            "id": f"{query}-{n}",
            "caption": f"{query} picture {n}",
            "licence": "editorial",
            "width": 800 + 400 * n,
        }
        for n in range(3)
    ]


class Partner(BaseHTTPRequestHandler):
    """Serves one partner role with tonight's faults."""

    role = "wire"
    faults: dict[str, dict[str, Any]] = {}
    seen: dict[str, int] = {}
    lock = threading.Lock()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        sys.stderr.write(f"{self.role} {self.address_string()} {format % args}\n")

    def _fault(self, route: str) -> dict[str, Any]:
        with self.lock:
            self.seen[route] = self.seen.get(route, 0) + 1
            count = self.seen[route]
        fault = self.faults.get(route, {})
        if "first" in fault and count > int(fault["first"]):
            return {}
        return fault

    def _answer(self, route: str, status: int, body: dict[str, Any]) -> None:
        fault = self._fault(route)
        if fault.get("delay"):
            time.sleep(float(fault["delay"]))
        if fault.get("drop"):
            self.connection.shutdown(socket.SHUT_RDWR)
            self.connection.close()
            return
        if "status" in fault:
            status, body = int(fault["status"]), {"error": "partner fault"}
        mutate = fault.get("mutate")
        if mutate == "drop_headline":
            for item in body.get("items", []):
                item.pop("headline", None)
        elif mutate == "priority_words":
            for item in body.get("items", []):
                item["priority"] = ["flash", "urgent", "routine"][item["priority"] % 3]
        elif mutate == "licence_unknown":
            for photo in body.get("photos", []):
                photo["licence"] = "ask-agency"
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        parts = url.path.strip("/").split("/")
        if self.role == "wire" and len(parts) == 3 and parts[0] == "agencies":
            self._answer(
                f"agency:{parts[1]}", 200, {"agency": parts[1], "items": agency_items(parts[1])}
            )
        elif self.role == "photos" and parts == ["photos"]:
            query = parse_qs(url.query).get("q", ["news"])[0]
            self._answer("photos", 200, {"photos": photos(query)})
        else:
            self._answer("unknown", 404, {"error": "no such route"})

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        story = json.loads(self.rfile.read(length) or b"{}")
        token = self.faults.get("syndicate-token", {}).get("accepted", ACCEPTED_TOKEN)
        if self.role != "syndication":
            self._answer("unknown", 404, {"error": "no such route"})
        elif self.headers.get("Authorization") != f"Bearer {token}":
            self._answer("syndicate", 401, {"error": "token not accepted"})
        else:
            self._answer("syndicate", 201, {"reference": f"SYN-{story.get('slug', '')}"})


def main() -> int:
    """Serve the role named on the command line until terminated."""
    role, port, faults_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(faults_path, encoding="utf-8") as handle:
        Partner.faults = json.load(handle)
    Partner.role = role
    server = ThreadingHTTPServer(("127.0.0.1", port), Partner)
    server.daemon_threads = True
    server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
