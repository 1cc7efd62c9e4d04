"""Webhook deliveries."""

from __future__ import annotations

from notifier import webhooks


def test_post_slack() -> None:
    assert webhooks.post("slack", {"text": "build green"})["accepted"]


def test_post_teams() -> None:
    assert webhooks.post("teams", {"text": "release 4.2"})["accepted"]


def test_post_pager() -> None:
    assert webhooks.post("pager", {"severity": "high"})["id"] > 1000


def test_post_sms() -> None:
    assert webhooks.post("sms", {"to": "+100000"})["accepted"]


def test_post_digest() -> None:
    assert webhooks.post("digest", {"items": 3})["accepted"]


def test_backoff_gives_up() -> None:
    assert webhooks.deliver_with_backoff("/hooks/legacy/gone") is False


def test_backoff_succeeds() -> None:
    assert webhooks.deliver_with_backoff("/hooks/legacy/ok") is True
