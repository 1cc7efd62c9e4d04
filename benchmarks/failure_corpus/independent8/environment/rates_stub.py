"""The rating partner: shipment quotes and delivery zones.

Usage: ``python rates_stub.py PORT CONFIG.json``. The configuration names the accepted API key
and, per route (``quote``, ``zones``), tonight's behaviour: ``ok``, ``slow``, an HTTP status, or
``price_text`` (prices sent as text with a currency).
"""

from __future__ import annotations

import json
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

BASE = {"economy": 4.10, "standard": 5.95, "express": 11.30}


class Handler(BaseHTTPRequestHandler):
    config: dict[str, Any] = {}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        sys.stderr.write("rates: " + format % args + "\n")

    def _send(self, code: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if self.headers.get("X-Api-Key") != self.config["key"]:
            self._send(403, {"error": "api key expired"})
            return
        route = url.path.strip("/")
        mode = str(self.config.get("routes", {}).get(route, "ok"))
        if mode == "slow":
            time.sleep(4.0)
        elif mode.isdigit():
            self._send(int(mode), {"error": "gateway timeout" if mode == "504" else "error"})
            return
        if route == "quote":
            weight = int(query["weight_g"])
            price = BASE[query["service"]] + 0.0011 * weight
            if query["to"][:1] != query["from"][:1]:
                price += 1.25
            text = f"{price:.3f}"
            self._send(200, {"price": f"{text} EUR" if mode == "price_text" else text,
                             "surcharge": "1.04"})
        elif route == "zones":
            first = int(query["postcode"][0])
            self._send(200, {"zone": "A" if first in (2, 3) else "B" if first < 6 else "C"})
        else:
            self._send(404, {"error": "not_found"})


def main() -> None:
    """Serve until killed."""
    port = int(sys.argv[1])
    with open(sys.argv[2], encoding="utf-8") as fh:
        Handler.config = json.load(fh)
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.serve_forever()


if __name__ == "__main__":
    main()
