"""A report is written whole: a reader that finds the file never reads half of it.

The HTML report embeds Plotly (megabytes); the warm worker writes it after the command
line has exited, while a user, a CI step or a test may be waiting for it to appear.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from reports.html import write_html_report
from reports.junit import write_junit
from tests.reports.conftest import make_summary

WRITERS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "report.html": (lambda path: write_html_report(make_summary(), path), "</html>"),
    "junit.xml": (lambda path: write_junit(make_summary(), path), "</testsuites>"),
}


@pytest.mark.parametrize("name", WRITERS)
def test_a_reader_sees_no_file_or_a_whole_one(tmp_path: Path, name: str) -> None:
    write, last_tag = WRITERS[name]
    path = tmp_path / name
    done = threading.Event()
    partial: list[int] = []
    reads = 0

    def read_while_written() -> None:
        nonlocal reads
        while not done.is_set():
            try:
                text = path.read_text(encoding="utf-8")
            except FileNotFoundError:
                continue
            reads += 1
            if not text.rstrip().endswith(last_tag):
                partial.append(len(text))

    reader = threading.Thread(target=read_while_written)
    reader.start()
    try:
        for _ in range(15):
            write(path)
    finally:
        done.set()
        reader.join()

    assert reads > 0
    assert partial == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no temporary file left
    assert path.stat().st_mode & 0o777 == 0o644
