"""The bulletin digest."""

from __future__ import annotations

from helpdesk.render import digest
from tests.test_store import make


def test_digest_lists_titles() -> None:
    assert "<li>T1</li>" in digest([make(1)])


def test_digest_embeds_ids() -> None:
    assert "[1, 2]" in digest([make(1), make(2)])
