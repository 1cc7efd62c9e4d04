"""The generate-tests flow on a real Prefect server: Completed when every module's file is
written, Failed with the reason when a module cannot be imported."""

from __future__ import annotations

from pathlib import Path

from flows.generate_tests import generate_tests
from tests.generation.samples import PRICING, UNIMPORTABLE, write_module


def test_a_file_per_module_then_failed_for_a_module_that_cannot_be_imported(
        tmp_path: Path, prefect_api_url: str) -> None:
    good = write_module(tmp_path / "src", "pricing", PRICING)
    broken = write_module(tmp_path / "src", "broken", UNIMPORTABLE)
    out = tmp_path / "tests"

    state = generate_tests([str(good)], functions=["shipping"], out=str(out),
                           strategies=["boundary", "partition"], return_state=True)
    assert state.is_completed() and "pricing: " in (state.message or "")
    assert (out / "test_pricing.py").is_file()

    failed = generate_tests([str(broken)], out=str(out), return_state=True)
    assert failed.is_failed()
    assert "cannot import broken" in (failed.message or "")
    assert "ModuleNotFoundError" in (failed.message or "")
