"""run-suite on a project whose tests run under Node's test runner (JUnit XML)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from flows.run_suite import run_suite
from qatron.models import Outcome, ShardStatus
from qatron.options import RunOptions
from qatron.run import open_run
from qatron.store import ResultsStore
from tests.projects import write_project
from tests.qatron.test_junit_runner import NODE_COMMAND, NODE_FILES, qatron_yml


def test_a_node_suite_runs_sharded_through_the_flow(tmp_path: Path,
                                                    prefect_api_url: str) -> None:
    project = write_project(tmp_path / "web", qatron_yml(NODE_COMMAND), NODE_FILES)
    ctx = open_run(project, RunOptions("all", "local"))

    state = run_suite(suite="all", env="local", project=str(project), run_id=ctx.run_id,
                      return_state=True)

    with ResultsStore(ctx.database_url) as store:
        record, summary = store.get_run(ctx.run_id), store.load_summary(ctx.run_id)
    assert record is not None and summary is not None
    assert record.status == "failed" and state.name == "Failed", record.message
    shards = [s for s in summary.shards if s.index > 0]
    assert len(shards) == 2 and sorted(f for s in shards for f in s.nodeids) == [
        "test/flaky.test.mjs", "test/math.test.mjs", "test/sub/broken.test.mjs",
        "test/sub/strings.test.mjs"]
    assert {s.status for s in shards} <= {ShardStatus.PASSED, ShardStatus.FAILED}
    results = {r.nodeid: r for r in summary.results}
    assert results["checkout::always fails"].outcome is Outcome.FAILED
    assert results["passes the second time"].flaky
    assert results["adds"].outcome is Outcome.PASSED
    junit = ET.parse(Path(record.run_dir) / "junit.xml").getroot()
    assert int(junit.get("tests") or 0) == len(results) == 5
    assert "always fails" in (Path(record.run_dir) / "report.html").read_text()
