"""A run's load tests in the HTML report and the summary artifact."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from qatron.load.config import Criteria
from qatron.load.criteria import settle
from qatron.load.hints import bottleneck_hints
from qatron.load.models import (
    EndpointStats,
    ErrorGroup,
    LoadResult,
    LoadStatus,
    ResourceSample,
    TimePoint,
)
from reports.artifacts import summary_markdown
from reports.html import write_html_report
from reports.load import load_figure, load_section, resources_figure
from tests.reports.conftest import T0, make_summary
from tests.reports.test_html import PLOTLY_BUNDLE_MARKER, scan

EVIL_ENDPOINT = '/search?q=<script>alert("x")</script>'
EVIL_ERROR = "HTTPError 503 <b>upstream</b> | overloaded"


def payments() -> LoadResult:
    """60 s ramping to 20 users: p95 climbs past 12 users, 503s from 14 s, memory grows;
    judged against a passing run 12."""
    timeline = []
    for i in range(60):
        users = min(20, 1 + i // 3)
        p95 = 32.0 + 0.4 * users if users <= 12 else 36.8 + 8.0 * (users - 12)
        timeline.append(TimePoint(T0 + i, users, 4.0 * users, 0.0 if i < 14 else 1.5,
                                  p95 / 2, p95))
    result = LoadResult(
        "payments", "http://127.0.0.1:8002", LoadStatus.PASSED, started_at=T0,
        finished_at=T0 + 60, users_peak=20, workers=2,
        total=EndpointStats("Aggregated", requests=2_400, failures=70, rps=40.0, p50_ms=30,
                            p90_ms=80, p95_ms=101, p99_ms=180, max_ms=420),
        endpoints=[EndpointStats("POST /payments", "POST", 1_800, 70, 30.0, p50_ms=34,
                                 p90_ms=90, p95_ms=110, p99_ms=190, max_ms=420),
                   EndpointStats(EVIL_ENDPOINT, "GET", 600, 0, 10.0, p50_ms=12, p90_ms=20,
                                 p95_ms=25, p99_ms=40, max_ms=61)],
        timeline=timeline,
        errors=[ErrorGroup("POST", "POST /payments", EVIL_ERROR, 70, T0 + 14.2)],
        resources=[ResourceSample(T0 + 5 * i, 40.0, 220.0 + 15.0 * i) for i in range(13)])
    result.hints = bottleneck_hints(result, cores=4)
    return settle(result, Criteria(p95_ms=100, max_error_rate=0.05,
                                   regression={"p95_ms": "20%"}),
                  (12, LoadResult("payments", "x", LoadStatus.PASSED, total=EndpointStats(
                      "Aggregated", requests=2_000, p95_ms=80.0))))


def refused() -> LoadResult:
    return LoadResult("search", "http://127.0.0.1:1", LoadStatus.INFRA_FAILED,
                      message="connection refused by http://127.0.0.1:1")


def plots(document: str) -> list[list[dict[str, Any]]]:
    """The traces of each Plotly figure in the document, in order."""
    decoder, found = json.JSONDecoder(), []
    for match in re.finditer(r'Plotly\.newPlot\(\s*"[^"]+",\s*', document):
        traces, _ = decoder.raw_decode(document, match.end())
        found.append(traces)
    return found


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    summary = make_summary()
    summary.load_tests = [payments(), refused()]
    path = write_html_report(summary, tmp_path_factory.mktemp("html") / "report.html")
    return path.read_text(encoding="utf-8")


def test_the_load_figure_has_throughput_failures_latency_and_users(report: str) -> None:
    figures = plots(report)
    assert len(figures) == 5  # donut, slowest, shards, the load test and its resources
    load, resources = figures[3], figures[4]
    assert [(t["name"], t.get("yaxis", "y")) for t in load] == [
        ("requests/s", "y"), ("failures/s", "y"), ("users", "y2"),
        ("p50 ms", "y3"), ("p95 ms", "y3"), ("users", "y4")]
    rps, failures, users = load[0], load[1], load[2]
    assert rps["x"][:3] == [0.0, 1.0, 2.0] and rps["y"][-1] == 80.0
    assert failures["y"][13:15] == [0.0, 1.5]
    assert users["y"][0] == 1 and users["y"][-1] == 20 and load[5]["showlegend"] is False
    assert load[4]["y"][-1] == pytest.approx(100.8)
    assert [(t["name"], t.get("yaxis", "y")) for t in resources] == [
        ("CPU %", "y"), ("memory MB", "y2")]
    assert resources[1]["y"][-1] == 400.0 and resources[1]["x"][-1] == 60.0


def test_the_section_has_endpoints_criteria_baseline_and_hints(report: str) -> None:
    text = " ".join(scan(report).text)
    for expected in ("Load test payments", "failed", "http://127.0.0.1:8002",
                     "POST /payments", f"GET {EVIL_ENDPOINT}", EVIL_ERROR, "14 s",
                     "p95 101 ms > 100 ms", "error rate 2.9% <= 5%",
                     "p95 101 ms is 26% worse than run 12's 80 ms (limit 20%)",
                     "Against run 12, the last that passed", "+26%",
                     "p95 stays under 40 ms up to 12 users, then grows 8 ms per user",
                     "memory grew 180 MB over the test (220 MB → 400 MB): a leak?",
                     "Load test search", "infra failed",
                     "connection refused by http://127.0.0.1:1"):
        assert expected in text, expected
    endpoints = re.search(r"<h3>Endpoints</h3><table>.*?</table>", report)
    assert endpoints is not None
    row = re.search(r"<tr><td><code>POST /payments</code></td>(.*?)</tr>", endpoints[0])
    assert row is not None
    assert re.findall(r'<td class="num">([^<]*)</td>', row[1]) == [
        "1800", "70", "30.0", "34", "90", "110", "190", "420"]


def test_run_text_is_escaped(report: str) -> None:
    assert "<script>alert" not in report and "<b>upstream</b>" not in report
    assert "/search?q=&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in report
    assert "HTTPError 503 &lt;b&gt;upstream&lt;/b&gt; | overloaded" in report


def test_the_report_stays_one_offline_document(report: str) -> None:
    assert report.count(PLOTLY_BUNDLE_MARKER) == 1
    parsed = scan(report)
    assert parsed.unbalanced == [] and parsed.stack == [] and parsed.resources == []


def test_a_test_that_could_not_run_has_no_figure_and_no_bottleneck_note() -> None:
    section = load_section([refused()])
    assert "Plotly.newPlot(" not in section and "bottleneck" not in section
    assert "Not judged" in section
    assert resources_figure(refused()) is None
    assert len(load_figure(refused()).data) == 6  # empty traces: the figure still draws


def test_nothing_wrong_says_no_bottleneck_was_found() -> None:
    calm = payments()
    calm.hints = []
    assert "No bottleneck found." in load_section([calm])


def test_no_load_section_without_load_tests(tmp_path: Path) -> None:
    document = write_html_report(make_summary(), tmp_path / "r.html").read_text("utf-8")
    assert "Load test" not in document


def test_summary_markdown_has_each_load_test_criteria_and_hints() -> None:
    summary = make_summary()
    summary.load_tests = [payments(), refused()]
    markdown = summary_markdown(summary)
    assert "## Load test payments: `failed`" in markdown
    assert "p95 101 ms &gt; 100 ms; p95 101 ms is 26% worse than run 12's 80 ms" in markdown
    assert "2400 requests, 40.0 rps, p50 30 ms, p95 101 ms, p99 180 ms, 2.9% errors" in markdown
    assert "| `p95_ms` | **not met** | p95 101 ms &gt; 100 ms |" in markdown
    assert "| `max_error_rate` | met | error rate 2.9% &lt;= 5% |" in markdown
    assert "- memory grew 180 MB over the test (220 MB → 400 MB): a leak?" in markdown
    assert "## Load test search: `infra_failed`" in markdown
    assert markdown.index("## Load test payments") < markdown.index("## Load test search")
