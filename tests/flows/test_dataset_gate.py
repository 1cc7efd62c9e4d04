"""Seeded test data and the dataset gate in run-suite: examples/shop's `seeded` environment."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from qatron.store import ResultsStore
from tests.flows.test_run_suite import execute
from tests.projects import artifacts_of, copy_shop, processes_with

pytestmark = pytest.mark.usefixtures("prefect_api_url")


def test_a_seeded_environment_passes_its_gate_and_its_tests_read_the_data(
        tmp_path: Path) -> None:
    shop = copy_shop(tmp_path / "shop")

    state, record, summary = execute(shop, "data", "seeded")

    assert record.status == "completed", record.message
    assert sorted(r.nodeid.split("::")[1] for r in summary.results) == [
        "test_every_card_belongs_to_a_customer", "test_every_generated_row_was_loaded",
        "test_tests_read_the_same_rows_through_the_data_fixtures"]
    run_dir = Path(record.run_dir)
    shown = json.loads((run_dir / "environment.json").read_text())
    assert shown["data"]["rows"] == {"customers": 1000, "cards": 2000}
    assert not (run_dir / "data").exists() and not (run_dir / "customers-db.db").exists()
    with ResultsStore(f"sqlite:///{shop / '.qatron' / 'results.db'}") as store:
        versions = store.data_versions("shop", "seeded")
        validations = store.validations("shop", "customers")
    assert [v.content_hash for v in versions] == [shown["data"]["version"]]
    assert validations[0].success and validations[0].run_id == record.id


def test_a_failing_dataset_stops_the_run_before_any_test(tmp_path: Path) -> None:
    shop = copy_shop(tmp_path / "shop")
    expectations = shop / "data" / "expectations" / "customers.yml"
    expectations.write_text(expectations.read_text().replace("max_value: 5000", "max_value: 10"))

    state, record, summary = execute(shop, "data", "seeded")

    assert record.status == "dataset_failed" and state.name == "DatasetFailed"
    assert record.message.startswith("dataset gate: customers: 1 of 6 expectations failed "
                                     "(expect_column_values_to_be_between credit_limit:")
    assert [r.nodeid for r in summary.results] == ["dataset::customers"]
    report = (Path(record.run_dir) / "report.html").read_text()
    assert "Dataset customers" in report and "credit_limit" in report
    keys = {a.key for a in artifacts_of(record.flow_run_id)}
    assert "qatron-dataset-customers" in keys
    assert not processes_with(str(shop))  # the shop's services were torn down
