"""Worker processes."""

from __future__ import annotations

from runner.workers import run_worker


def test_render_worker() -> None:
    assert run_worker("runner.render_worker", "3").count("<tr>") == 3


def test_pack_worker() -> None:
    assert len(run_worker("runner.pack_worker", "64").strip()) == 12


def test_index_worker() -> None:
    assert int(run_worker("runner.index_worker", "40")) > 0
