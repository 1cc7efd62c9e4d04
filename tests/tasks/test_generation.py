"""generate-module-tests: the file written and the report published as an artifact."""

from __future__ import annotations

from pathlib import Path

from tasks.generation import generate_module_tests
from tests.generation.samples import PRICING, write_module
from tests.projects import artifacts_of
from tests.tasks.conftest import in_flow


def test_the_report_of_a_module_becomes_a_markdown_artifact(tmp_path: Path,
                                                            prefect_api_url: str) -> None:
    source = write_module(tmp_path / "src", "pricing", PRICING)

    report, flow_run_id = in_flow(lambda: generate_module_tests(
        str(source), functions=["shipping", "discount"], out=str(tmp_path / "tests"),
        strategies=["boundary", "partition", "exceptions"]))

    assert report.written and report.test_file == tmp_path / "tests" / "test_pricing.py"
    [artifact] = [a for a in artifacts_of(flow_run_id)
                  if a.key == "qatron-generated-tests-pricing"]
    assert "# Generated tests of `pricing`" in str(artifact.data)
    assert "| `shipping` |" in str(artifact.data) and "mutants killed" in str(artifact.data)
