"""De-duplication and rate limits in Redis."""

from __future__ import annotations

import uuid

from notifier import dedup


def test_dedup_first_seen() -> None:
    event = {"source": "ci", "kind": "failure", "subject": uuid.uuid4().hex}
    assert dedup.first_seen(event)


def test_dedup_repeat() -> None:
    event = {"source": "ci", "kind": "failure", "subject": uuid.uuid4().hex}
    assert dedup.first_seen(event)
    assert not dedup.first_seen(event)


def test_dedup_key_normalised() -> None:
    a = {"source": "CI", "kind": "Failure", "subject": " build 7 "}
    b = {"source": "ci", "kind": "failure", "subject": "build 7"}
    assert dedup.dedup_key(a) == dedup.dedup_key(b)


def test_rate_limit_allows() -> None:
    who = uuid.uuid4().hex
    assert all(dedup.allow(who) for _ in range(3))


def test_rate_limit_blocks() -> None:
    who = uuid.uuid4().hex
    results = [dedup.allow(who) for _ in range(5)]
    assert results == [True, True, True, False, False]
