"""Format detection by file name."""

from __future__ import annotations

import pytest


def kind(name: str) -> str:
    return name.rsplit(".", 2)[-1] if not name.endswith(".gz") else name.rsplit(".", 2)[-2] + ".gz"


@pytest.mark.parametrize(("name", "expected"), [("a.csv", "csv"), ("b.jsonl.gz", "jsonl.gz"), ("c.xml", "xml")])
def test_kind(name: str, expected: str) -> None:
    assert kind(name) == expected
