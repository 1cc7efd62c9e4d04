"""``qatron generate tests`` as a real command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.generation.samples import PRICING, write_module

QATRON = Path(sys.executable).parent / "qatron"


def test_the_command_writes_the_file_then_keeps_it_once_a_person_edited_it(
        tmp_path: Path) -> None:
    source = write_module(tmp_path / "src", "pricing", PRICING)
    argv = [str(QATRON), "generate", "tests", str(source), "--function", "shipping",
            "--out", str(tmp_path / "tests"), "--strategies", "boundary,partition",
            "--time-budget", "30"]

    first = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    written = tmp_path / "tests" / "test_pricing.py"
    assert first.returncode == 0, first.stderr
    assert f"wrote {written}" in first.stderr and "mutants killed" in first.stderr

    written.write_text(written.read_text() + "\n# my own note\n")
    second = subprocess.run(argv, capture_output=True, text=True, timeout=120)

    assert second.returncode == 1
    assert f"kept {written}: it was edited since it was generated" in second.stderr
    assert written.read_text().endswith("# my own note\n")
