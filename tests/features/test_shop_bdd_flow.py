"""The shop's Gherkin checkout through the run-suite flow, in a real headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.flows.test_run_suite import execute
from tests.projects import copy_shop

pytestmark = pytest.mark.usefixtures("prefect_api_url")


def test_a_tagged_bdd_run_reports_the_scenarios_it_did_not_run(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path / "shop")
    config = shop / "qatron.yml"
    config.write_text(config.read_text().replace(
        "\n  bdd:", "\n  bdd-smoke: {application: shop, layer: e2e, paths: [features], "
        "tags: [smoke], shards: 1, timeout: 600}\n  bdd:", 1))
    state, record, summary = execute(shop, "bdd-smoke")

    assert record.status == "completed", record.message
    assert [r.nodeid for r in summary.results] == [
        "features/test_checkout.py::test_successful_checkout_with_valid_payment"]
    report = (Path(record.run_dir) / "report.html").read_text()
    assert "<h2>Feature: Shopping Cart Checkout (features/checkout.feature)</h2>" in report
    assert "1 passed, 0 failed, 3 not run" in report
    assert "Checkout with a declined card" in report
