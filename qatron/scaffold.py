"""``qatron init NAME``: a new project that runs green at once.

It has a tiny HTTP app under test (an API and one page), tests in the four layers with
the markers QAtron's suites select on (the e2e layer also drives the page in a real
browser through the ``driver`` fixture and a page object of ``pages/``, in a plain test
and in a Gherkin feature with pytest-bdd steps), test data, a folder for API clients and
a qatron.yml whose ``local`` environment starts the app on a free port. Every test in it
passes against that environment.
"""

from __future__ import annotations

import re
from pathlib import Path

from qatron.errors import ConfigError

QATRON_YML = """\
project: {name}
applications:
  {name}:
    path: .
    tests: [tests]
environments:
  local:
    base_url: "{{app.url}}"
    api_url: "{{app.url}}/api"
    variables: {{}}
    services:
      app:
        type: process
        command: "{{python}} -m app.server --port {{port}}"
        port: auto
        health_check: "{{url}}/health"
suites:
  smoke: {{layer: e2e, tags: [smoke], shards: 1, retries: 0, timeout: 600}}
  regression: {{tags: [regression], shards: 2, retries: 1, timeout: 3600}}
  unit: {{layer: unit, paths: [tests/unit], shards: 1, timeout: 60}}
  contract: {{layer: contract, paths: [tests/contract], shards: 1, timeout: 300}}
  integration: {{layer: integration, paths: [tests/integration], shards: 2, timeout: 1800}}
  e2e: {{layer: e2e, paths: [tests/e2e], shards: 2, retries: 1, timeout: 3600}}
coverage:
  thresholds: {{unit: 90.0, contract: 80.0, integration: 70.0, e2e: 60.0}}
  fail_below_threshold: false
"""

FILES = {
    "pyproject.toml": """\
[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "--strict-markers"
markers = ["unit", "contract", "integration", "e2e", "smoke", "regression", "critical"]
""",
    "app/__init__.py": "",
    "app/calculator.py": '''\
"""The business logic under test."""


def add_vat(net_cents: int, rate_percent: int) -> int:
    """Gross amount in cents, rounded half up."""
    if net_cents < 0:
        raise ValueError("amount must not be negative")
    return (net_cents * (100 + rate_percent) + 50) // 100
''',
    "app/server.py": '''\
"""A tiny HTTP app: GET /health, GET /api/vat?net=1000&rate=20, and a page at GET /."""

import argparse
import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from app.calculator import add_vat

PAGE = """<!doctype html>
<html><head><title>VAT calculator</title></head><body>
<h1>VAT calculator</h1>
<form id="vat"><label>Net (cents) <input id="net" type="number"></label>
<button id="calculate" type="submit">Calculate</button></form>
<p id="gross"></p>
<script>
document.getElementById("vat").addEventListener("submit", async (event) => {
  event.preventDefault();
  const net = encodeURIComponent(document.getElementById("net").value);
  const response = await fetch(`/api/vat?net=${net}&rate=20`);
  const body = await response.json();
  document.getElementById("gross").textContent =
    response.ok ? `Gross: ${body.gross}` : body.detail;
});
</script></body></html>
"""


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        url = urlparse(self.path)
        if url.path == "/":
            return self._send_page(PAGE)
        if url.path == "/health":
            return self._send(200, {"status": "ok"})
        if url.path == "/api/vat":
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            try:
                gross = add_vat(int(query["net"]), int(query.get("rate", "20")))
            except (KeyError, ValueError) as exc:
                return self._send(400, {"detail": f"bad query: {exc}"})
            return self._send(200, {"gross": gross})
        return self._send(404, {"detail": "not found"})

    def _send(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _send_page(self, html: str) -> None:
        data = html.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    ThreadingHTTPServer(("127.0.0.1", parser.parse_args().port), Handler).serve_forever()
''',
    "tests/unit/test_calculator.py": '''\
import pytest

from app.calculator import add_vat

pytestmark = [pytest.mark.unit, pytest.mark.regression]


@pytest.mark.parametrize(("net", "rate", "gross"), [(1000, 20, 1200), (999, 7, 1069), (0, 20, 0)])
def test_add_vat(net, rate, gross):
    assert add_vat(net, rate) == gross


def test_negative_amount_is_rejected():
    with pytest.raises(ValueError):
        add_vat(-1, 20)
''',
    "tests/contract/test_vat_api.py": '''\
import pytest

pytestmark = [pytest.mark.contract, pytest.mark.regression]


def test_vat_response_shape(api_client):
    response = api_client.get("/vat", params={"net": 1000, "rate": 20})
    assert response.status_code == 200
    assert set(response.json()) == {"gross"}


def test_bad_query_is_a_400_with_detail(api_client):
    response = api_client.get("/vat", params={"net": "ten"})
    assert response.status_code == 400
    assert "detail" in response.json()
''',
    "tests/integration/test_health.py": '''\
import httpx
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.regression]


def test_service_is_healthy(environment):
    response = httpx.get(environment["services"]["app"]["url"] + "/health")
    assert response.json() == {"status": "ok"}
''',
    "tests/e2e/test_checkout_total.py": '''\
import pytest

from qatron.data_fixtures import load_data_fixture

pytestmark = [pytest.mark.e2e, pytest.mark.smoke, pytest.mark.critical]


def test_basket_total_includes_vat(api_client, environment):
    basket = load_data_fixture("basket", environment["name"])
    net = sum(item["net_cents"] for item in basket["items"])
    response = api_client.get("/vat", params={"net": net, "rate": basket["vat_rate"]})
    assert response.json()["gross"] == basket["expected_gross_cents"]
''',
    "tests/e2e/test_vat_page.py": '''\
import pytest

from pages.vat_page import VatPage

pytestmark = [pytest.mark.e2e, pytest.mark.regression]


def test_the_page_shows_the_gross_amount(driver, environment):
    page = VatPage(driver, base_url=environment["base_url"]).open_calculator()
    assert page.title == "VAT calculator"
    assert page.gross_for(1000) == "Gross: 1200"
''',
    "tests/e2e/vat.feature": """\
@e2e @regression
Feature: VAT calculator page
  A shopper sees the gross amount of a net price.

  Scenario Outline: The page adds 20% VAT
    Given the VAT calculator page
    When I calculate the gross amount of <net> cents
    Then the page shows "Gross: <gross>"

    Examples:
      | net  | gross |
      | 1000 | 1200  |
      | 250  | 300   |
""",
    "tests/e2e/test_vat_feature.py": '''\
"""The steps of vat.feature (pytest-bdd), on the VatPage page object in a real browser."""

from pytest_bdd import given, parsers, scenarios, then, when

from pages.vat_page import VatPage

scenarios("vat.feature")


@given("the VAT calculator page", target_fixture="page")
def vat_page(driver, environment):
    return VatPage(driver, base_url=environment["base_url"]).open_calculator()


@when(parsers.parse("I calculate the gross amount of {net:d} cents"), target_fixture="shown")
def calculate(page, net):
    return page.gross_for(net)


@then(parsers.parse(\'the page shows "{text}"\'))
def page_shows(shown, text):
    assert shown == text
''',
    "pages/__init__.py": '"""Page objects of the pages under test (see qatron.page_object)."""\n',
    "pages/vat_page.py": '''\
"""The VAT calculator page (GET /)."""

from qatron.page_object import BasePage, By


class VatPage(BasePage):
    NET = (By.ID, "net")
    CALCULATE = "button#calculate"
    GROSS = "#gross"

    def open_calculator(self) -> "VatPage":
        self.open("/")
        return self

    def gross_for(self, net_cents: int) -> str:
        """Type a net amount, calculate, and wait for the page to show the gross amount."""
        self.send_keys(self.NET, str(net_cents))
        self.click(self.CALCULATE)
        return self.get_text(self.GROSS)
''',
    "data/basket.json": """\
{"vat_rate": 20, "items": [{"sku": "A-1", "net_cents": 1000}, {"sku": "B-2", "net_cents": 250}],
 "expected_gross_cents": 1500}
""",
    "data/test_data.yml": "users:\n  password: \"Secret123!\"\n",
    "api/__init__.py": '"""API clients of the system under test (see qatron.api_client)."""\n',
}


def scaffold(name: str, target: Path) -> Path:
    """Write a new project named ``name`` into ``target`` (which must not exist or be empty)."""
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", name):
        raise ConfigError(f"project name {name!r}: expected letters, digits, '.', '_' or '-'")
    if target.exists() and any(target.iterdir()):
        raise ConfigError(f"{target}: folder exists and is not empty; choose another --path")
    for relative, content in {"qatron.yml": QATRON_YML.format(name=name), **FILES}.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return target.resolve()
