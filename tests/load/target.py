"""A small real HTTP target for the load tests: ``python target.py --port 0``.

``/fast`` answers 200, ``/slow`` after 20–80 ms, ``/err`` 500, ``/health`` 200 and
``/created`` 201; anything else 404. With ``--fail-after N`` every request after the
first ``N`` answers 503. It prints ``listening on <port>`` once it listens.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATUSES = {"/fast": 200, "/slow": 200, "/err": 500, "/health": 200, "/created": 201}


class Handler(BaseHTTPRequestHandler):
    fail_after: int | None = None
    served = 0
    lock = threading.Lock()

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        with Handler.lock:
            Handler.served += 1
            served = Handler.served
        path = self.path.split("?", 1)[0]
        if path == "/slow":
            time.sleep(random.uniform(0.02, 0.08))
        status = STATUSES.get(path, 404)
        if Handler.fail_after is not None and served > Handler.fail_after:
            status = 503
        body = b'{"ok": true}' if status < 400 else b'{"ok": false}'
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _answer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Quiet: no line on stderr for each request."""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--fail-after", type=int, default=None)
    options = parser.parse_args()
    Handler.fail_after = options.fail_after
    server = ThreadingHTTPServer(("127.0.0.1", options.port), Handler)
    server.daemon_threads = True
    print(f"listening on {server.server_address[1]}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
