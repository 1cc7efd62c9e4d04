from __future__ import annotations

from pathlib import Path

from tmemory import text


def test_word_count() -> None:
    assert text.word_count("Close the valve, then wait.") == 5


def test_placeholders_kept() -> None:
    assert text.placeholders_kept("Hello {name}, %d items", "%d Artikel, Hallo {name}")


def test_similarity_of_identical_segments() -> None:
    assert text.similarity("Open the lid.", "Open the lid.") == 1.0


def test_similarity_with_empty_candidate() -> None:
    assert text.similarity("Open the lid.", "") == 0.0


def test_first_sentence(scratch: Path) -> None:
    paragraph = scratch / "paragraph.txt"
    paragraph.write_text("Stop the pump. Then drain it.")
    assert text.first_sentence(paragraph.read_text()) == "Stop the pump."
