from __future__ import annotations

import pytest

from loankiosk import devices


def test_print_receipt() -> None:
    assert devices.print_receipt(["Kiosk 3", "B-0001 due 2026-03-24"]) > 20


@pytest.mark.timeout(3)
def test_session_nested_actions() -> None:
    session = devices.TerminalSession()
    assert session.checkout_many(["B-0001", "B-0007"]) == ["checkout B-0001", "checkout B-0007"]


@pytest.mark.timeout(3)
def test_return_conveyor_sorts_items() -> None:
    assert devices.drain_returns(["B-0011", "B-0001"]) == ["B-0001", "B-0011"]
