"""Exception groups (``asyncio.TaskGroup``'s), read from pytest's own JUnit XML of a small
project: the group says only that its tasks failed, so its first sub-exception is the root
cause: a partner refusing connections is an unreachable upstream, an error raised in
product code inside a task is that product bug, one cluster with the same error met
outside a group, and a group the test code made and raised stays the test code's."""

from __future__ import annotations

import pytest

from tests.failures.small_project import Analysed, analysed_project

FETCH = '''
import asyncio
import socket


async def ping(port):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.close()
    return True


async def ping_all(ports):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(ping(port)) for port in ports]
    return [task.result() for task in tasks]


def total(prices):
    return sum(price["amount"] + price["vat"] for price in prices)


async def totals(batches):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(asyncio.to_thread(total, batch)) for batch in batches]
    return [task.result() for task in tasks]


def closed_port():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        return listener.getsockname()[1]
'''

TESTS = '''
import asyncio

from app import fetch


def test_ping_all():
    port = fetch.closed_port()
    assert asyncio.run(fetch.ping_all([port, port]))


def test_totals():
    assert asyncio.run(fetch.totals([[{"amount": 1, "vat": 0}], [{"amount": 2}]])) == [1, 2]


def test_total():
    assert fetch.total([{"amount": 2}]) == 2


def test_both_refused():
    raise ExceptionGroup("both refused", [ValueError("first"), ValueError("second")])
'''


@pytest.fixture(scope="module")
def analysed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Analysed]:
    return analysed_project(tmp_path_factory.mktemp("fetch"), {
        "app/__init__.py": "", "app/fetch.py": FETCH, "tests/test_fetch.py": TESTS})


def test_connections_refused_in_a_task_group_are_an_unreachable_upstream(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_ping_all"]
    assert category == "upstream_unreachable", evidence


def test_a_product_error_in_a_task_is_the_product_bug_met_outside_a_group(
        analysed: dict[str, Analysed]) -> None:
    category, cluster, evidence = analysed["test_totals"]
    assert category == "product_bug", evidence
    assert "app/fetch.py:19" in evidence
    assert cluster == analysed["test_total"][1]


def test_a_group_the_test_made_and_raised_is_the_test_codes(
        analysed: dict[str, Analysed]) -> None:
    category, _, evidence = analysed["test_both_refused"]
    assert category == "test_harness", evidence
