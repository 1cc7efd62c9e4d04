"""A partner called through aiohttp, read from pytest's own JUnit XML of a small project
whose conftest serves the partner: a server error, refused credentials, a refused or
dropped connection, an answer cut off in the middle, a client timeout and an HTML page
where JSON was promised each read as the partner's failure it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import partner_conftest, pytest_failures

CONFTEST = partner_conftest("""
def do_GET(self):
    if self.path.startswith("/status/"):
        self.send_response(int(self.path.rsplit("/", 1)[1]))
        self.end_headers()
        self.wfile.write(b"{}")
    elif self.path == "/slow":
        time.sleep(2)
        self.send_response(200)
        self.end_headers()
    elif self.path == "/dropped":
        self.connection.close()
    elif self.path == "/cut":
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100")
        self.end_headers()
        self.wfile.write(b'{"room": 1')
        self.wfile.flush()
        self.connection.close()
    else:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html><body>maintenance</body></html>")
""")

RATES = '''
import aiohttp


async def rates(url, timeout=5.0):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        async with session.get(url) as answer:
            answer.raise_for_status()
            return await answer.json()
'''

TESTS = '''
import asyncio

import pytest

from app.rates import rates

PATHS = {"server_error": "/status/502", "refused_credentials": "/status/401",
         "dropped": "/dropped", "cut": "/cut", "slow": "/slow", "html": "/rates"}


@pytest.mark.parametrize("case", sorted(PATHS))
def test_rates(partner, case):
    asyncio.run(rates(partner + PATHS[case], timeout=0.5))


def test_rates_refused():
    asyncio.run(rates("http://127.0.0.1:9/rates"))
'''

EXPECTED = {"server_error": "upstream_5xx", "refused_credentials": "credentials_refused",
            "dropped": "upstream_unreachable", "cut": "upstream_unreachable",
            "slow": "slow_upstream", "html": "data_contract"}


@pytest.fixture(scope="module")
def failures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Failure]:
    project: Path = tmp_path_factory.mktemp("channel")
    return pytest_failures(project, {"app/__init__.py": "", "app/rates.py": RATES,
                                     "tests/conftest.py": CONFTEST,
                                     "tests/test_rates.py": TESTS})


def _category(failure: Failure) -> str:
    return Analyser().analyse([failure]).failures[0].category


@pytest.mark.parametrize(("case", "category"), sorted(EXPECTED.items()))
def test_an_aiohttp_partners_failure_reads_as_the_partners(
        failures: dict[str, Failure], case: str, category: str) -> None:
    assert _category(failures[f"test_rates[{case}]"]) == category


def test_a_refused_connection_through_aiohttp_is_an_unreachable_partner(
        failures: dict[str, Failure]) -> None:
    assert _category(failures["test_rates_refused"]) == "upstream_unreachable"
