"""A project of three applications (two under pytest, one under Node's test runner) on
one HTTP service, with journeys across them; used by the journey tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

from tests.projects import write_project

SERVICE = '''
"""An API: log in for a token, place orders with it, read them back."""
import argparse, json, secrets, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

parser = argparse.ArgumentParser()
parser.add_argument("--port", type=int, required=True)
parser.add_argument("--tokens-file", required=True)
parser.add_argument("--unhealthy", action="store_true")
args = parser.parse_args()
tokens, orders, lock = set(), {}, threading.Lock()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *a):
        """Quiet: no line on stderr for each request."""

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        header = self.headers.get("Authorization", "")
        return header.startswith("Bearer ") and header[7:] in tokens

    def do_GET(self):
        if self.path == "/health":
            return self.answer(503 if args.unhealthy else 200, {"ok": not args.unhealthy})
        if self.path.startswith("/orders/"):
            if not self.authorised():
                return self.answer(401, {"error": "no token"})
            order = orders.get(self.path.rsplit("/", 1)[1])
            return self.answer(200, order) if order else self.answer(404, {"error": "none"})
        self.answer(404, {"error": self.path})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length) or b"{}")
        if self.path == "/login":
            token = "tok-" + secrets.token_hex(12)
            with lock:
                tokens.add(token)
                with open(args.tokens_file, "a") as out:
                    out.write(token + "\\n")
            return self.answer(200, {"token": token, "user": body.get("user")})
        if self.path == "/orders":
            if not self.authorised():
                return self.answer(401, {"error": "no token"})
            with lock:
                order_id = str(len(orders) + 1)
                orders[order_id] = {"id": order_id, "status": "confirmed",
                                    "item": body.get("item")}
            return self.answer(201, {"id": order_id})
        self.answer(404, {"error": self.path})


ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
'''

CLIENT = '''
import json, urllib.request


def call(url, method="GET", body=None, token=None):
    request = urllib.request.Request(url, method=method,
                                     data=json.dumps(body).encode() if body is not None else None)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", token)
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())
'''

USERS = '''
import json, os, time
from pathlib import Path
from steps.client import call


def test_login(environment, journey):
    api = environment["services"]["api"]["url"]
    token = call(f"{api}/login", "POST", {"user": "ada"})["token"]
    print(f"logged in with {token}")
    journey.publish(token=token, bearer=f"Bearer {token}", secret=True)
    return {"user": "ada"}


def test_slow_a(journey):
    started = time.time()
    time.sleep(1.5)
    return {"started": started, "ended": time.time()}


def test_slow_b(journey):
    started = time.time()
    time.sleep(1.5)
    return {"started": started, "ended": time.time()}


def test_second_time_lucky(journey):
    marker = Path(os.environ["QATRON_PROJECT_DIR"]) / "lucky-attempts"
    attempts = int(marker.read_text()) + 1 if marker.exists() else 1
    marker.write_text(str(attempts))
    assert attempts >= 2, f"attempt {attempts} fails"
    return {"attempts": attempts}


def test_broken(journey):
    assert False, "503 from /login"


def test_forgets(journey):
    return {"something": "else"}


def test_wrong_type(journey):
    return {"count": "three"}
'''

ORDERS = '''
from steps.client import call


def test_place_order(environment, journey):
    api = environment["services"]["api"]["url"]
    authorization = journey.inputs["headers"]["Authorization"]
    print("placing an order with", authorization)
    order = call(f"{api}/orders", "POST", {"item": journey.inputs.get("item", "book")},
                 token=authorization)
    return {"order_id": order["id"]}
'''

NODE_TEST = '''
import { test } from 'node:test';
import assert from 'node:assert';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';

test('shows the order', async () => {
  const environment = JSON.parse(readFileSync(process.env.QATRON_ENVIRONMENT_FILE, 'utf8'));
  const api = environment.services.api.url;
  const id = process.env.QATRON_INPUT_ORDER_ID;
  const token = process.env.QATRON_INPUT_TOKEN;
  console.log(`reading order ${id} with ${token}`);
  const headers = {Authorization: `Bearer ${token}`};
  const response = await fetch(`${api}/orders/${id}`, {headers});
  assert.equal(response.status, 200);
  const order = await response.json();
  assert.equal(order.status, 'confirmed');
  const out = process.env.QATRON_JOURNEY_OUTPUTS;
  const published = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
  writeFileSync(out, JSON.stringify({...published, status: order.status, order: order.id}));
});
'''


def journey_project(root: Path, tokens: Path, journeys: str, unhealthy: bool = False) -> Path:
    """The project in ``root``; ``journeys`` is the qatron.yml text under ``journeys:``;
    the service writes each token it issues to ``tokens``. With ``unhealthy``, a second
    service ``ledger`` never becomes healthy."""
    ledger = textwrap.indent(textwrap.dedent(f"""\
        ledger:
          command: "{{python}} service.py --port {{port}} --tokens-file {tokens} --unhealthy"
          health_check: "{{url}}/health"
          startup_timeout: 2
    """), "      ") if unhealthy else ""
    yml = textwrap.dedent(f"""\
        project: journeys
        applications:
          users: {{path: ., tests: [steps], services: [api]}}
          orders: {{path: ., tests: [steps], services: [api]}}
          ledger: {{path: ., tests: [steps], services: [{'ledger' if unhealthy else 'api'}]}}
          web:
            path: web
            command: "node --test --test-reporter=junit
              --test-reporter-destination=junit-{{shard}}.xml {{files}}"
            junit: "junit-{{shard}}.xml"
            discover: ["test/*.test.mjs"]
            services: [api]
        environments:
          local:
            services:
              api:
                command: "{{python}} service.py --port {{port}} --tokens-file {tokens}"
                health_check: "{{url}}/health"
        """) + ledger + textwrap.dedent("""\
        suites:
          all: {application: users, paths: [steps/test_noop.py]}
        journeys:
        """) + textwrap.indent(textwrap.dedent(journeys), "  ")
    return write_project(root, yml, {
        "service.py": SERVICE,
        "steps/__init__.py": "",
        "steps/client.py": CLIENT,
        "steps/test_users.py": USERS,
        "steps/test_orders.py": ORDERS,
        "steps/test_noop.py": "def test_noop():\n    pass\n",
        "web/test/order.test.mjs": NODE_TEST,
    })


#: login (users) → place an order (orders) → see it (web, Node), the token a secret.
CHECKOUT = """\
checkout:
  steps:
    - {app: users, test: "steps/test_users.py::test_login",
       outputs: {token: {type: str, secret: true}, bearer: str}}
    - {app: orders, test: "steps/test_orders.py::test_place_order",
       inputs: {headers.Authorization: str}}
    - {app: web, test: test/order.test.mjs}
  data_flow:
    users.test_login.return.bearer: orders.test_place_order.headers.Authorization
    users.test_login.outputs.token: web.order.token
    orders.test_place_order.return.order_id: web.order.order_id
"""
