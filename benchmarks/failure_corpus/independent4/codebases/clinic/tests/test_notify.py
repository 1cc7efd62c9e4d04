import time

import pytest

from clinic.notify import Notifier


@pytest.fixture
def notifier(settings):
    client = Notifier(settings)
    yield client
    client.close()


def test_send_reminder(notifier):
    assert notifier.send("+4915112345678", "Reminder: tomorrow 09:00").startswith("msg_")


def test_send_batch(notifier):
    ids = notifier.send_all([(f"+49151000000{n}", "Your results are ready") for n in range(6)])
    assert len(set(ids)) == 6


def test_status_lookups_within_budget(notifier):
    ids = [notifier.send("+4915112345678", f"Slot {n}") for n in range(3)]
    started = time.monotonic()
    states = [notifier.status(message) for message in ids]
    assert len(states) == 3
    assert time.monotonic() - started < 0.3


def test_delivery_status(notifier):
    message = notifier.send("+4915112345678", "Please bring your vaccination card")
    assert notifier.status(message) in {"queued", "delivered"}
