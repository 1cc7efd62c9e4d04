"""A real page server (standard library) for the browser tests, shared by the session."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.projects import processes_with

#: The pages the tests drive: path -> HTML.
PAGES = {
    "/": """<!doctype html><html><head><title>Tiny Shop</title></head><body>
<h1>Tiny Shop</h1><p id="greeting">Welcome to the tiny shop</p>
<script>console.error("payment widget failed to load")</script></body></html>""",
    "/late": """<!doctype html><html><head><title>Late</title></head><body><div id="slot"></div>
<p id="spinner">Loading</p><script>
setTimeout(function () {
  var button = document.createElement("button");
  button.id = "pay"; button.textContent = "Pay";
  button.onclick = function () { history.pushState({}, "", "/late?paid=1");
    document.getElementById("slot").insertAdjacentHTML("beforeend", '<p id="done">Paid</p>'); };
  document.getElementById("slot").appendChild(button);
  document.getElementById("spinner").remove();
}, 500);
</script><input id="name" value="old"></body></html>""",
    "/rerender": """<!doctype html><html><head><title>Live</title></head><body>
<div id="box"></div><p id="count">0</p><script>
var clicks = 0;
function render() {  // replaces its elements every 250 ms, as a busy reactive page does
  document.getElementById("box").innerHTML =
    '<button id="more">More</button><input id="note"><span id="live">' + clicks + '</span>';
  document.getElementById("more").onclick = function () {
    clicks += 1; document.getElementById("count").textContent = String(clicks); };
}
render(); setInterval(render, 250);
</script></body></html>""",
    "/checkout": """<!doctype html><html><head><title>Checkout</title></head><body>
<button id="pay" disabled>Pay</button></body></html>""",
    "/order": """<!doctype html><html><head><title>Order</title></head><body>
<form action="/receipt"><button id="buy">Buy</button></form>
<button id="nothing" type="button">Nothing</button></body></html>""",
    "/receipt": """<!doctype html><html><head><title>Receipt</title></head><body>
<p id="thanks">Thank you</p></body></html>""",
}
#: Pages the server answers only after this many seconds, as a busy service does.
SLOW = {"/receipt": 0.3}


class _Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (the standard library's name)
        page = PAGES.get(self.path.split("?")[0])
        time.sleep(SLOW.get(self.path.split("?")[0], 0))
        body = (page or "<h1>not found</h1>").encode()
        self.send_response(200 if page else 404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        """Quiet: no line on stderr for each request."""


@pytest.fixture(scope="session")
def pages_url() -> Iterator[str]:
    """The base URL of a real HTTP server of :data:`PAGES` on a free port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def browser_processes(tmp: Path) -> list[int]:
    """Chromium and ChromeDriver processes started with TMPDIR=``tmp`` (their environment
    has it; Chromium's command line has its profile under it)."""
    marker = f"TMPDIR={tmp}".encode()
    found = set(processes_with(str(tmp)))
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if marker in (entry / "environ").read_bytes():
                found.add(int(entry.name))
        except OSError:
            continue
    return sorted(found)
