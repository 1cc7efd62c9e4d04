"""A property is kept only if the test as written passes: its derandomised examples too."""

from __future__ import annotations

import re
import time
from pathlib import Path

from qatron.generation import generate_tests
from qatron.generation.budget import Budget
from qatron.generation.engine import Property
from qatron.generation.loading import load_target
from qatron.generation.properties import _SETTINGS, _defined, _holds, find_properties
from tests.generation.samples import CODES, write_module

INVARIANT = f'''{_SETTINGS}
@given(st.text())
def test_label_returns_str(text):
    """Invariant seen on every example: the result is a str."""
    once = label(text)
    assert isinstance(once, str)'''


def test_a_property_failing_on_an_example_of_the_written_test_is_not_kept(
    tmp_path: Path,
) -> None:
    seen: list[str] = []
    recorder = _defined(
        "from hypothesis import given, settings\n"
        "from hypothesis import strategies as st\n\n"
        f"def label(text):\n    seen.append(text)\n    return text\n\n{INVARIANT}",
        {"seen": seen},
    )
    recorder()
    rare = max(seen, key=len)  # drawn by the written test, not by chance elsewhere
    assert len(rare) > 8
    source = f"RARE = {rare!r}\n\n\ndef label(text):\n    return None if text == RARE else text\n"
    target = load_target(write_module(tmp_path, "rare_labels", source))

    assert not _holds(Property(INVARIANT, {("rare_labels", "label")}), target)


def test_no_property_is_checked_once_the_time_budget_is_spent(tmp_path: Path) -> None:
    source = write_module(tmp_path / "src", "codes", CODES)
    report = generate_tests(source, out=tmp_path / "tests",
                            strategies=["boundary", "partition", "exceptions"])
    target = load_target(source)

    find_properties(target, report.functions, Budget(0.0))
    assert sum(len(r.properties) for r in report.functions) == 0

    find_properties(target, report.functions, Budget(30.0))
    assert sum(len(r.properties) for r in report.functions) > 0


SLOW_AND_FAST = '''\
import time


def slow_label(text: str) -> str:
    time.sleep(0.02)
    return text.strip()


def fast_label(text: str) -> str:
    return text.strip()
'''


def test_a_property_whose_check_would_outlast_its_limit_is_left_out_with_the_reason(
    tmp_path: Path,
) -> None:
    source = write_module(tmp_path / "src", "labels", SLOW_AND_FAST)

    started = time.monotonic()
    report = generate_tests(source, out=tmp_path / "tests", strategies=["boundary", "properties"])

    assert time.monotonic() - started < 10
    by_name = {r.info.qualname: r for r in report.functions}
    assert [p.code.split("def ")[1].split("(")[0] for p in by_name["fast_label"].properties] == [
        "test_fast_label_is_idempotent",
        "test_fast_label_returns_str",
    ]
    assert by_name["slow_label"].properties == []
    assert any(
        re.fullmatch(r"test_slow_label_\w+ not checked: its check would take about \d+ s", note)
        for note in by_name["slow_label"].notes
    ), by_name["slow_label"].notes
