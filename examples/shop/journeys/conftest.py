"""Fixtures of the shop's journey steps (see ``journeys:`` in ``qatron.yml``).

These tests are steps of the ``checkout`` journey: they read what earlier steps
published (the ``journey`` fixture of QAtron's pytest plugin) and publish what later
steps read, so they run with ``qatron journey run checkout``, not in the suites
(``tests/`` holds those).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest


@pytest.fixture
def journey_input(journey: Any) -> Callable[[str], Any]:
    """``journey_input("headers")``: an input of this step; fails saying how to run it."""

    def _input(name: str) -> Any:
        if name not in journey.inputs:
            pytest.fail(f"no journey input {name!r}: this test is a step of the checkout "
                        f"journey; run `qatron journey run checkout --project examples/shop`",
                        pytrace=False)
        return journey.inputs[name]

    return _input


@pytest.fixture
def service(environment: dict[str, Any]) -> Iterator[Callable[[str], httpx.Client]]:
    """``service("user-service")``: an HTTP client on one of the environment's services."""
    clients: list[httpx.Client] = []

    def _client(name: str) -> httpx.Client:
        url = environment["services"][name]["url"]
        clients.append(httpx.Client(base_url=url, timeout=10))
        return clients[-1]

    yield _client
    for client in clients:
        client.close()
