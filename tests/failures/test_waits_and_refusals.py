"""What an event loop's wait and a product's own refusal say, read from pytest's own JUnit
XML of a small newsroom project: an event loop that timed out with nothing scheduled
awaited something of its own (a hang), while one with a client's timeout pending waited on
a partner, and one stopped while the code polls its own child's pipes is a hang too; a
domain error the product raises itself is the product refusing (its wrong
behaviour), while a built-in error it raises stays a programming error."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.failures import Analyser, Failure
from tests.failures.small_project import pytest_failures

CONFTEST = '''
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class Slow(BaseHTTPRequestHandler):
    def log_message(self, format, *args):
        return None

    def do_GET(self):
        time.sleep(3)
        self.send_response(200)
        self.end_headers()


@pytest.fixture(scope="session")
def wire():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
'''

NEWSROOM = '''
import asyncio
import subprocess
import sys

import httpx


class EmbargoError(Exception):
    """A story asked for before its embargo lifts."""


async def publish(slots):
    async with slots:
        return "published"


async def fetch(url):
    async with httpx.AsyncClient(timeout=30) as client:
        return (await client.get(url)).status_code


def typeset(story):
    return subprocess.run([sys.executable, "-c", "import time; time.sleep(30)"],
                          input=story["body"], capture_output=True, text=True).stdout


def release(story, now):
    if now < story["embargo"]:
        raise EmbargoError(f"{story['slug']} is embargoed until {story['embargo']}")
    return story["slug"]


def word_count(story):
    if not story.get("body"):
        raise ValueError("a story without a body")
    return len(story["body"].split())
'''

TESTS = '''
import asyncio

import pytest

from app import newsroom


@pytest.mark.timeout(1)
def test_publish():
    assert asyncio.run(newsroom.publish(asyncio.Semaphore(0))) == "published"


@pytest.mark.timeout(1)
def test_fetch(wire):
    assert asyncio.run(newsroom.fetch(wire)) == 200


@pytest.mark.timeout(1)
def test_typeset():
    assert newsroom.typeset({"body": "budget day"})


def test_release():
    assert newsroom.release({"slug": "budget", "embargo": 10}, now=9) == "budget"


def test_word_count():
    assert newsroom.word_count({"slug": "budget", "body": ""}) == 0
'''


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    project: Path = tmp_path_factory.mktemp("newsroom")
    failures: dict[str, Failure] = pytest_failures(
        project, {"app/__init__.py": "", "app/newsroom.py": NEWSROOM,
                  "tests/conftest.py": CONFTEST, "tests/test_newsroom.py": TESTS})
    analysis = Analyser().analyse(failures.values())
    return {item.failure.name: (item.category, item.evidence) for item in analysis.failures}


def test_an_event_loop_timed_out_with_nothing_scheduled_is_a_hang(
        verdicts: dict[str, tuple[str, str]]) -> None:
    assert verdicts["test_publish"][0] == "hang"


def test_an_event_loop_timed_out_with_a_clients_timeout_pending_waited_on_a_partner(
        verdicts: dict[str, tuple[str, str]]) -> None:
    assert verdicts["test_fetch"][0] == "slow_upstream"


def test_a_timeout_while_the_code_polls_its_own_childs_pipes_is_a_hang(
        verdicts: dict[str, tuple[str, str]]) -> None:
    assert verdicts["test_typeset"][0] == "hang"


def test_a_domain_error_the_product_raises_itself_is_the_product_refusing(
        verdicts: dict[str, tuple[str, str]]) -> None:
    category, evidence = verdicts["test_release"]
    assert category == "wrong_behaviour"
    assert evidence.startswith("the product refused with its own EmbargoError at ")
    assert verdicts["test_word_count"][0] == "product_bug"
