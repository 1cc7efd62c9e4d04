"""Partners told apart by name, read from pytest's own JUnit XML of a small project whose
product calls two partners served on local ports through one helper: where no message
names the service (both answer on 127.0.0.1), the helper's ``partner`` argument, as
pytest shows a frame's arguments, tells the two slow partners apart, and one partner's
timeouts are one cluster whichever test met them."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project, partner_conftest

HANDLER = '''
def do_GET(self):
    time.sleep(1)
    self.send_response(200)
    self.end_headers()
'''

PARTNERS = '''
import urllib.error
import urllib.request


class PartnerTimeout(Exception):
    """A partner did not answer in time."""


def call(partner, base_url, path, timeout):
    try:
        with urllib.request.urlopen(base_url + path, timeout=timeout) as answer:
            return answer.read()
    except urllib.error.URLError as exc:
        raise PartnerTimeout(f"{partner} did not answer within {timeout}s") from exc
    except TimeoutError as exc:
        raise PartnerTimeout(f"{partner} did not answer within {timeout}s") from exc


def journeys(base_url):
    return call("journey-planner", base_url, "/v1/feeds", 0.2)


def forecast(base_url):
    return call("weather-service", base_url, "/v1/forecast", 0.2)
'''

TESTS = '''
from app import partners


def test_journeys_morning(partner):
    assert partners.journeys(partner)


def test_journeys_evening(partner):
    assert partners.journeys(partner)


def test_forecast(partner):
    assert partners.forecast(partner)
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(tmp_path_factory.mktemp("partners"), {
        "app/__init__.py": "", "app/partners.py": PARTNERS,
        "tests/conftest.py": partner_conftest(HANDLER), "tests/test_partners.py": TESTS})


def test_two_slow_partners_on_local_ports_are_two_clusters(
        analysed: dict[str, Analysed]) -> None:
    morning, forecast = analysed["test_journeys_morning"], analysed["test_forecast"]
    assert (morning.category, forecast.category) == ("slow_upstream", "slow_upstream")
    assert morning.cluster != forecast.cluster


def test_one_partners_timeouts_are_one_cluster(analysed: dict[str, Analysed]) -> None:
    morning, evening = analysed["test_journeys_morning"], analysed["test_journeys_evening"]
    assert (morning.category, morning.cluster) == (evening.category, evening.cluster)
