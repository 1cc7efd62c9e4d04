from __future__ import annotations

from newsdesk.cache import WordCounter


class TestWordCounter:
    def test_count_many(self) -> None:
        counter = WordCounter()
        assert counter.count_many(["a b", "c d e", "", "f"]) == [2, 3, 0, 1]

    def test_cache_reuses(self) -> None:
        counter = WordCounter()
        counter.count("one two")
        counter.count("one two")
        assert len(counter) == 1

    def test_forget(self) -> None:
        counter = WordCounter()
        counter.count("one two")
        counter.forget("one two")
        assert len(counter) == 0
