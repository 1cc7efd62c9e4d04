"""Prefect artifacts of a run: the pure markdown, and real artifacts on a real server."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import pytest
from prefect import flow
from prefect.client.orchestration import get_client
from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId
from prefect.client.schemas.objects import Artifact
from prefect.runtime import flow_run
from prefect.testing.utilities import prefect_test_harness

from qatron.models import Outcome, RunStatus, RunSummary
from reports.artifacts import (
    artifact_key,
    failure_rows,
    publish_run_artifacts,
    summary_markdown,
)
from tests.reports.conftest import INFRA_MESSAGE, make_empty_summary, make_summary

KEY_PREFIX = "qatron-regression-suite-staging-eu"


def test_artifact_keys_are_sanitized_per_suite_and_environment() -> None:
    summary = make_summary()
    assert artifact_key(summary, "summary") == f"{KEY_PREFIX}-summary"
    summary.suite, summary.environment = "--API / v2__", "Prod.EU"
    assert artifact_key(summary, "failures") == "qatron-api-v2-prod-eu-failures"


def test_summary_markdown_heading_and_status() -> None:
    markdown = summary_markdown(make_summary())
    lines = markdown.splitlines()
    assert lines[0] == "# QAtron run 42: shop / Regression Suite @ staging_EU"
    assert "**Status:** `failed`" in lines[2]
    assert "**Duration:** 1 m 02 s" in lines[2]
    assert "**Branch:** `feature/refunds`" in lines[2]
    assert "**Commit:** `0123456789ab`" in lines[2]
    assert "> 1 of 3 shards failed on infrastructure" in lines


def test_summary_markdown_counts_table() -> None:
    markdown = summary_markdown(make_summary())
    for row in (
        "| Total | 12 |",
        "| Passed | 7 |",
        "| Failed | 1 |",
        "| Errors | 1 |",
        "| Skipped | 1 |",
        "| Xfailed | 1 |",
        "| Xpassed | 1 |",
        "| Flaky | 1 |",
        "| Pass rate | 80.0% |",
    ):
        assert row in markdown.splitlines(), row


def test_summary_markdown_shard_table_escapes_messages() -> None:
    lines = summary_markdown(make_summary()).splitlines()
    assert "| 1/3 | `passed` | 7 / 7 | 0 | 36.5 s | 0 |  |" in lines
    assert "| 2/3 | `failed` | 5 / 5 | 2 | 1 m 00 s | 1 |  |" in lines
    escaped = "pod evicted: node &lt;ip-10-0-0-1&gt; &amp; out of memory \\| OOMKilled"
    assert f"| 3/3 | `infra_failed` | 0 / 3 | 0 | 3.5 s | — | {escaped} |" in lines
    assert INFRA_MESSAGE not in "\n".join(lines)


def test_summary_markdown_lists_the_five_slowest() -> None:
    markdown = summary_markdown(make_summary())
    section = markdown[markdown.index("## Slowest tests") :].splitlines()
    rows = [line for line in section if line.startswith("| `")]
    assert rows == [
        "| `tests/api/test_payments.py::test_gateway_timeout` | `error` | 30.0 s |",
        "| `tests/ui/test_login.py::test_login_sso[chrome]` | `passed` | 25.0 s |",
        "| `tests/ui/test_checkout.py::test_checkout_flow` | `passed` | 20.0 s |",
        "| `tests/api/test_orders.py::test_create_order` | `passed` | 12.0 s |",
        "| `tests/api/test_payments.py::TestRefund::test_refund_partial` | `failed` | 4.2 s |",
    ]


def test_summary_markdown_of_an_empty_run() -> None:
    markdown = summary_markdown(make_empty_summary())
    assert "| Total | 0 |" in markdown
    assert "| Pass rate | — |" in markdown
    assert "No shards." in markdown and "No tests." in markdown
    assert "**Duration:** —" in markdown


def test_failure_rows_trim_messages() -> None:
    summary = make_summary()
    summary.shards[1].results[0].message = "x" * 1000
    rows = failure_rows(summary)
    assert [(r["nodeid"], r["outcome"], r["attempts"]) for r in rows] == [
        ("tests/api/test_payments.py::TestRefund::test_refund_partial", "failed", 3),
        ("tests/api/test_payments.py::test_gateway_timeout", "error", 1),
    ]
    assert len(rows[0]["message"]) == 300 and rows[0]["message"].endswith("…")
    assert rows[1]["message"] == "ConnectionError: gateway did not answer in 30 s"


@pytest.fixture(scope="module")
def prefect_server() -> Iterator[None]:
    """A real temporary Prefect server (about 20 s to start)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        with prefect_test_harness(server_startup_timeout=120):
            yield


def read_run_artifacts(flow_run_id: str) -> dict[str, Artifact]:
    run_filter = ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[UUID(flow_run_id)]))
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(artifact_filter=run_filter)
    return {artifact.key: artifact for artifact in artifacts}


@flow(name="qatron-publish-artifacts-test")
def publish_flow(summary: RunSummary, report: Path | None, junit: Path | None) -> str:
    publish_run_artifacts(summary, report, junit)
    return flow_run.id


@flow(name="qatron-publish-artifacts-async-test")
async def async_publish_flow(summary: RunSummary) -> str:
    publish_run_artifacts(summary, None, None)
    return flow_run.id


@pytest.mark.server
def test_publish_run_artifacts_on_a_real_server(prefect_server: None, tmp_path: Path) -> None:
    summary = make_summary()
    report, junit = tmp_path / "report.html", tmp_path / "junit.xml"
    artifacts = read_run_artifacts(publish_flow(summary, report, junit))
    assert {key: a.type for key, a in artifacts.items()} == {
        f"{KEY_PREFIX}-summary": "markdown",
        f"{KEY_PREFIX}-failures": "table",
        f"{KEY_PREFIX}-report": "markdown",  # Prefect stores links as markdown
        f"{KEY_PREFIX}-junit": "markdown",
    }
    assert artifacts[f"{KEY_PREFIX}-summary"].data == summary_markdown(summary)
    assert artifacts[f"{KEY_PREFIX}-summary"].description == (
        "QAtron run 42: shop / Regression Suite @ staging_EU (failed)"
    )
    table = json.loads(artifacts[f"{KEY_PREFIX}-failures"].data)
    assert table == failure_rows(summary)
    assert table[0]["message"] == 'AssertionError: <script>alert("x")</script> & more'
    assert artifacts[f"{KEY_PREFIX}-report"].data == f"[HTML report of run 42]({report.as_uri()})"
    assert artifacts[f"{KEY_PREFIX}-junit"].data == f"[JUnit XML of run 42]({junit.as_uri()})"


@pytest.mark.server
def test_passing_run_without_files_gets_only_a_summary(prefect_server: None) -> None:
    summary = make_summary()
    for shard in summary.shards[1:]:
        shard.results = [r for r in shard.results if r.outcome is Outcome.PASSED]
    summary.status = RunStatus.COMPLETED
    artifacts = read_run_artifacts(publish_flow(summary, None, None))
    assert list(artifacts) == [f"{KEY_PREFIX}-summary"]
    assert "**Status:** `completed`" in artifacts[f"{KEY_PREFIX}-summary"].data


@pytest.mark.server
def test_publish_from_an_async_flow(prefect_server: None) -> None:
    summary = make_summary()
    artifacts = read_run_artifacts(asyncio.run(async_publish_flow(summary)))
    assert set(artifacts) == {f"{KEY_PREFIX}-summary", f"{KEY_PREFIX}-failures"}
