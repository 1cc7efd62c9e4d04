"""Environment merging."""

from __future__ import annotations

from runner.compat import merged_env


def test_merged_env() -> None:
    assert merged_env({"A": "1"}, {"B": 2}) == {"A": "1", "B": "2"}
