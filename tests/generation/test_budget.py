"""One time budget over a module's whole generation: every stage plans from what is left,
and the file it writes still passes the same way three times."""

from __future__ import annotations

import re
import time
from pathlib import Path

from qatron.generation import generate_tests
from tests.generation.samples import write_module
from tests.generation.test_generate import run_pytest

SHOP_DOMAIN = Path(__file__).resolve().parents[2] / "examples" / "shop" / "services" / "domain.py"
#: What may run past the budget: the call or check under way when it ends, and the writing.
MARGIN = 3.0


def test_a_module_given_a_small_budget_is_done_within_it_with_a_green_stable_file(
    tmp_path: Path,
) -> None:
    source = write_module(tmp_path / "src", "shop_domain", SHOP_DOMAIN.read_text())

    started = time.monotonic()
    report = generate_tests(source, out=tmp_path / "tests", budget=6.0)
    elapsed = time.monotonic() - started

    assert elapsed < 6.0 + MARGIN, report.summary()
    assert report.written and report.test_file is not None and report.cases > 0
    assert "the time budget cut short" in report.summary()
    runs = [run_pytest(report.test_file, tmp_path / "src") for _ in range(3)]
    assert {code for code, _ in runs} == {0}, runs[0][1]
    assert len({re.sub(r" in [\d.]+s", "", line) for _, line in runs}) == 1
