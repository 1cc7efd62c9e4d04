"""A real run of a suite whose modules skip themselves while collected: its totals, its
stored results and its JUnit XML count them as pytest does."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import qatron
from qatron.models import Outcome
from qatron.store import ResultsStore, default_database_url
from tests.projects import write_project
from tests.qatron.test_collection_skips import SKIPPING_SUITE, pytest_counts


@pytest.mark.usefixtures("api_env")
def test_modules_skipped_while_collected_are_in_the_runs_totals(tmp_path: Path) -> None:
    root = write_project(tmp_path / "shop", """
        project: shop
        suites: {all: {paths: [tests], shards: 2}}
    """, SKIPPING_SUITE)

    result = qatron.run_suite(root, "all", environment="local")

    assert (result.status, result.exit_code) == (qatron.RunStatus.COMPLETED, 0)
    expected = pytest_counts(root)
    assert (result.passed, result.skipped, result.failed) == (
        expected["passed"], expected["skipped"], 0)
    with ResultsStore(default_database_url(root.resolve())) as store:
        summary = store.load_summary(result.run_id)
    assert summary is not None
    skipped = {r.nodeid: r.message for r in summary.results if r.outcome is Outcome.SKIPPED}
    assert skipped["tests/test_database.py"] == "needs a database"
    assert "not_installed_anywhere_q7" in skipped["tests/test_optional.py"]
    suites = ET.parse(result.junit).getroot().iter("testsuite")
    assert sum(int(suite.get("skipped", 0)) for suite in suites) == expected["skipped"]
