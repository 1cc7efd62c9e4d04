"""analyse-failures: categories, clusters, the stored analysis, a table artifact, and one
message per cluster to its team's webhook (a real HTTP server), never twice."""

from __future__ import annotations

import json
from pathlib import Path

from qatron.models import Outcome, TestResult
from qatron.store import ResultsStore
from tasks.failures import analyse_failures
from tests.failures.test_notify import Receiver, receiver  # noqa: F401 - the fixture
from tests.projects import artifacts_of, write_project
from tests.tasks.conftest import OpenContext, in_flow

REFUSED = ("requests.exceptions.ConnectionError: HTTPConnectionPool(host='127.0.0.1', "
           "port=9): Max retries exceeded ([Errno 111] Connection refused)")


def failed(name: str, message: str, innermost: str = "") -> TestResult:
    """A failure as pytest reports it: its message, and a traceback through ``innermost``."""
    traceback = f"tests/test_shop.py:7: in {name}\n    call()\n{innermost}E   {message}"
    return TestResult(nodeid=f"tests/test_shop.py::{name}", outcome=Outcome.FAILED,
                      message=message, traceback=traceback, shard_index=1)


CLIENT = "tests/client.py:4: in get\n    return requests.get(url, timeout=2)\n"
RESULTS = [failed("test_orders_api", REFUSED, CLIENT), failed("test_users_api", REFUSED, CLIENT),
           failed("test_totals", "AssertionError: assert 4 == 5"),
           TestResult(nodeid="tests/test_shop.py::test_fine", outcome=Outcome.PASSED)]


def test_failures_are_clustered_stored_published_and_sent_once(
        tmp_path: Path, open_ctx: OpenContext, prefect_api_url: str,
        receiver: Receiver) -> None:  # noqa: F811
    project = write_project(tmp_path / "p", f"""
        project: analysed
        suites: {{all: {{}}}}
        failure_analysis:
          routing: {{network: platform}}
          notify:
            platform: {{webhook: "{receiver.url}", secret_env: QATRON_TEST_WEBHOOK_SECRET}}
    """, {"tests/test_shop.py": "def test_fine():\n    pass\n",
          "CODEOWNERS": "tests/ @shop-team\n"})
    ctx = open_ctx(project, "all")

    analysis, flow_run = in_flow(lambda: analyse_failures.fn(ctx, RESULTS, {"api": "ok"}))

    verdicts = {item.failure.nodeid.rsplit("::", 1)[1]: (item.category, item.team)
                for item in analysis.failures}
    assert verdicts == {"test_orders_api": ("upstream_unreachable", "platform"),
                        "test_users_api": ("upstream_unreachable", "platform"),
                        "test_totals": ("wrong_behaviour", "shop-team")}
    assert sorted((c.category, c.count) for c in analysis.clusters) == [
        ("upstream_unreachable", 2), ("wrong_behaviour", 1)]
    with ResultsStore(ctx.database_url) as store:
        stored = store.failure_analysis(ctx.run_id)
    assert stored is not None and len(stored.clusters) == 2
    [table] = artifacts_of(flow_run)
    assert table.key == f"qatron-run-{ctx.run_id}-failure-clusters"
    assert "upstream_unreachable" in table.data and "wrong_behaviour" in table.data
    [(_, body)] = receiver.received  # the shop team has no notifier
    assert json.loads(body)["cluster"]["team"] == "platform"

    in_flow(lambda: analyse_failures.fn(ctx, RESULTS, {"api": "ok"}))
    assert len(receiver.received) == 1  # a cluster is sent once per run
