"""Generated files run green under real pytest, stay stable and kill the mutants they claim;
a person's edits are never overwritten; unusable code gets a clear error or reason."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from qatron.generation import GenerationError, GenerationReport, generate_tests
from qatron.generation.mutation import mutated_source
from tests.generation.samples import CODES, PRICING, RESOURCES, UNIMPORTABLE, write_module


def run_pytest(test_file: Path, root: Path) -> tuple[int, str]:
    """A real pytest run of ``test_file`` with ``root`` importable: exit code, last line."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)],
        cwd=test_file.parent, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)})
    return done.returncode, done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def pricing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationReport]:
    root = tmp_path_factory.mktemp("pricing")
    source = write_module(root / "src", "pricing", PRICING)
    return root, generate_tests(source, out=root / "tests", seed=1,
                                strategies=["boundary", "partition", "search", "exceptions"])


def test_the_generated_file_passes_the_same_way_three_times(
        pricing: tuple[Path, GenerationReport]) -> None:
    root, report = pricing
    assert report.written and report.test_file is not None

    runs = [run_pytest(report.test_file, root / "src") for _ in range(3)]

    assert {code for code, _ in runs} == {0}
    assert len({re.sub(r" in [\d.]+s", "", line) for _, line in runs}) == 1
    assert f"{report.cases + report.properties} passed" in runs[0][1]


def test_the_file_reads_as_tables_of_boundaries_partitions_and_exceptions(
        pricing: tuple[Path, GenerationReport]) -> None:
    _, report = pricing
    assert report.test_file is not None
    text = report.test_file.read_text()

    assert "from pricing import Cart, PricingError, Tier, discount, shipping" in text
    assert "@pytest.mark.parametrize(" in text and "pytest.raises(error" in text
    assert "def cart():" in text  # the instance methods are called on a fixture
    assert re.search(r"# boundary: quantity > MAX_QUANTITY: (99|100|101)\n", text)
    assert re.search(r"# partition: country in \('DE', 'FR'\)", text)
    assert "Covers:" in text
    ast.parse(text)


def test_each_claimed_kill_fails_the_generated_file_against_that_mutant(
        pricing: tuple[Path, GenerationReport], tmp_path: Path) -> None:
    root, report = pricing
    assert report.test_file is not None and report.killed >= 0.7 * report.mutants
    source = (root / "src" / "pricing.py").read_text()

    for mutant in report.killed_mutants[:: max(1, len(report.killed_mutants) // 4)]:
        folder = tmp_path / f"mutant{mutant.index}-{mutant.variant}"
        write_module(folder, "pricing", ast.unparse(mutated_source(source, mutant)))
        code, line = run_pytest(report.test_file, folder)
        assert code == 1, f"{mutant} survived: {line}"


def test_a_file_a_person_edited_is_kept_and_an_unchanged_one_regenerated(
        tmp_path: Path) -> None:
    source = write_module(tmp_path / "src", "pricing", PRICING)
    first = generate_tests(source, out=tmp_path / "tests", functions=["shipping"])
    assert first.test_file is not None

    again = generate_tests(source, out=tmp_path / "tests", functions=["shipping", "discount"])
    assert again.written and "def test_discount(" in first.test_file.read_text()

    edited = first.test_file.read_text().replace("import pytest", "import pytest  # mine")
    first.test_file.write_text(edited)
    kept = generate_tests(source, out=tmp_path / "tests", functions=["shipping"])

    assert not kept.written and "edited since it was generated" in kept.message
    assert first.test_file.read_text() == edited


def test_a_module_that_cannot_be_imported_is_a_clear_error(tmp_path: Path) -> None:
    source = write_module(tmp_path, "broken", UNIMPORTABLE)

    with pytest.raises(GenerationError, match=r"cannot import broken from .*: "
                       r"ModuleNotFoundError: No module named 'a_module_nobody_installed_here'"):
        generate_tests(source, out=tmp_path / "tests")


def test_hanging_calls_and_the_network_or_foreign_files_skip_a_function_with_the_reason(
        tmp_path: Path) -> None:
    source = write_module(tmp_path, "resources", RESOURCES)

    report = generate_tests(source, out=tmp_path / "tests", timeout=0.2,
                            strategies=["boundary", "exceptions"])

    reasons = {r.info.qualname: r.skipped for r in report.functions}
    assert reasons["spin"] == "every call did not return within 0.2 s (it hangs)"
    assert reasons["fetch"] is not None and "needs the network" in reasons["fetch"]
    assert reasons["read_config"] is not None and "needs the file /etc" in reasons["read_config"]
    assert reasons["double"] is None
    assert report.test_file is not None
    assert "#   spin: every call did not return" in report.test_file.read_text()


def test_a_round_trip_and_invariants_seen_on_every_example_become_hypothesis_properties(
        tmp_path: Path) -> None:
    source = write_module(tmp_path / "src", "codes", CODES)

    report = generate_tests(source, out=tmp_path / "tests")

    assert report.test_file is not None
    text = report.test_file.read_text()
    assert "@given(st.integers())\ndef test_from_code_inverts_to_code(n):" in text
    assert "except ValueError:" in text  # the inputs to_code refuses are skipped
    assert "def test_to_code_returns_str(n):" in text
    assert "def test_from_code_inverts" in text and "def test_normalize_is_idempotent" in text
    assert run_pytest(report.test_file, tmp_path / "src")[0] == 0
