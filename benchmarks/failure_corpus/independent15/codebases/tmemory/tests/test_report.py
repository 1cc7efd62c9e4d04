from __future__ import annotations

from tmemory import text


def test_report_word_counts() -> None:
    counts = {segment: text.word_count(segment) for segment in ("a b", "c d e")}
    assert sum(counts.values()) == 5
