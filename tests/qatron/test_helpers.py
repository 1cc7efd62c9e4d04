"""wait_for and the unique-data helpers."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator

import pytest

from qatron.helpers import unique_email, unique_name, wait_for


def sequence(*values: object) -> Callable[[], object]:
    """A condition returning ``values`` one per call (raising exceptions given)."""
    items: Iterator[object] = iter(values)

    def condition() -> object:
        value = next(items)
        if isinstance(value, Exception):
            raise value
        return value

    return condition


def test_returns_the_first_truthy_value() -> None:
    assert wait_for(sequence(None, 0, "", {"status": "settled"}), interval=0.001) == {
        "status": "settled"
    }


def test_returns_immediately_when_already_true() -> None:
    started = time.monotonic()
    assert wait_for(lambda: 42, timeout=5, interval=1) == 42
    assert time.monotonic() - started < 0.5


def test_exceptions_count_as_not_yet() -> None:
    condition = sequence(ConnectionError("refused"), KeyError("id"), "ready")
    assert wait_for(condition, interval=0.001) == "ready"


def test_timeout_names_the_message_and_last_value() -> None:
    with pytest.raises(TimeoutError) as caught:
        wait_for(lambda: [], timeout=0.05, interval=0.01, message="payment did not settle")
    text = str(caught.value)
    assert "payment did not settle" in text
    assert "last value: []" in text
    assert "0.05s" in text


def test_timeout_chains_the_last_exception() -> None:
    def failing() -> None:
        raise ConnectionError("refused")

    with pytest.raises(TimeoutError, match="last error: ConnectionError") as caught:
        wait_for(failing, timeout=0.03, interval=0.01)
    assert isinstance(caught.value.__cause__, ConnectionError)
    assert "condition was not met" in str(caught.value)


def test_waits_about_the_timeout_and_no_longer() -> None:
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        wait_for(lambda: False, timeout=0.2, interval=0.05)
    assert 0.2 <= time.monotonic() - started < 0.6


def test_zero_timeout_tries_once() -> None:
    calls: list[int] = []
    with pytest.raises(TimeoutError):
        wait_for(lambda: calls.append(1), timeout=0)
    assert calls == [1]


@pytest.mark.parametrize(("timeout", "interval"), [(-1, 0.1), (1, 0), (1, -0.5)])
def test_rejects_nonsense_timing(timeout: float, interval: float) -> None:
    with pytest.raises(ValueError):
        wait_for(lambda: True, timeout=timeout, interval=interval)


def test_unique_name_has_prefix_and_differs() -> None:
    names = {unique_name("order") for _ in range(500)}
    assert len(names) == 500
    assert all(re.fullmatch(r"order-[0-9a-f]{12}", name) for name in names)


def test_unique_email_is_a_valid_unique_address() -> None:
    first, second = unique_email(), unique_email("buyer")
    assert first != second
    assert re.fullmatch(r"user-[0-9a-f]{12}@example\.test", first)
    assert second.startswith("buyer-")


def test_unique_email_custom_domain() -> None:
    assert unique_email("qa", domain="shop.test").endswith("@shop.test")
