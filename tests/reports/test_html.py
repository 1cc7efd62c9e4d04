"""Offline HTML quality report."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from reports.html import (
    CATEGORY_COLORS,
    STATUS_COLORS,
    format_duration,
    pass_rate,
    slowest_figure,
    timeline_figure,
    write_html_report,
)
from tests.reports.conftest import make_empty_summary, make_summary

PLOTLY_BUNDLE_MARKER = "* plotly.js v"  # licence header of the embedded bundle
VOID_TAGS = {"meta", "br", "hr", "img", "input", "link"}
RESOURCE_ATTRS = {"script": "src", "link": "href", "img": "src", "iframe": "src", "source": "src"}


class DocumentScan(HTMLParser):
    """Collects resource references, unbalanced tags and visible text of a document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[str] = []
        self.stack: list[str] = []
        self.unbalanced: list[str] = []
        self.text: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = RESOURCE_ATTRS.get(tag)
        self.resources += [value or "" for name, value in attrs if name == wanted]
        self.styles += [value or "" for name, value in attrs if name == "style"]
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        else:
            self.unbalanced.append(tag)

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "style":
            self.styles.append(data)
        elif not self.stack or self.stack[-1] != "script":
            self.text.append(data)


def scan(document: str) -> DocumentScan:
    parser = DocumentScan()
    parser.feed(document)
    parser.close()
    return parser


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("html") / "nested" / "report.html"
    assert write_html_report(make_summary(), path) == path
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def empty_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = write_html_report(make_empty_summary(), tmp_path_factory.mktemp("html") / "r.html")
    return path.read_text(encoding="utf-8")


def test_plotly_js_is_embedded_exactly_once(report: str) -> None:
    assert report.count(PLOTLY_BUNDLE_MARKER) == 1
    assert report.count("Plotly.newPlot(") == 3  # donut, slowest tests, timeline
    assert report.index(PLOTLY_BUNDLE_MARKER) < report.index("Plotly.newPlot(")


def test_no_external_resources(report: str) -> None:
    document = scan(report)
    assert document.resources == []
    css = "\n".join(document.styles)
    assert "@import" not in css
    assert not re.search(r"url\(", css)
    assert not re.search(r"<(script|link|img|iframe)\b[^>]*\b(src|href)\s*=", report, re.I)


def test_markup_is_balanced(report: str, empty_report: str) -> None:
    for document in (report, empty_report):
        parsed = scan(document)
        assert parsed.unbalanced == []
        assert parsed.stack == []


def test_header_shows_run_identity(report: str) -> None:
    text = " ".join(scan(report).text)
    for expected in (
        "shop",
        "Regression Suite",
        "staging_EU",
        "feature/refunds",
        "0123456789ab",
        "2025-11-22 08:26:40 UTC",
        "2025-11-22 08:27:42 UTC",
        "1 m 02 s",
        "1 of 3 shards failed on infrastructure",
    ):
        assert expected in text, expected
    badge = f'<span class="badge" style="background:{STATUS_COLORS[RunStatus.FAILED]}">failed'
    assert badge in report
    assert "<title>QAtron · shop · Regression Suite @ staging_EU · run 42</title>" in report


def test_summary_tiles(report: str) -> None:
    tiles = dict(
        (label, value)
        for value, label in re.findall(
            r'<div class="value">([^<]*)</div><div class="label">([^<]*)</div>', report
        )
    )
    assert tiles == {
        "Total": "12",
        "Passed": "7",
        "Failed": "1",
        "Errors": "1",
        "Skipped": "2",
        "Flaky": "1",
        "Pass rate": "80.0%",
    }


def test_failure_text_is_escaped(report: str) -> None:
    assert "<script>alert" not in report
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in report
    assert "pod evicted: node &lt;ip-10-0-0-1&gt; &amp; out of memory | OOMKilled" in report
    text = "".join(scan(report).text)
    assert '<script>alert("x")</script> & more' in text  # what the reader sees


def test_failures_table_lists_failed_and_errored_tests(report: str) -> None:
    section = report[report.index("<h2>Failures</h2>") : report.index("<h2>Flaky tests</h2>")]
    assert section.count("<tr>") == 3  # header + 2 rows
    assert "tests/api/test_payments.py::TestRefund::test_refund_partial" in section
    assert "tests/api/test_payments.py::test_gateway_timeout" in section
    assert '<td class="num">3</td>' in section  # attempts
    assert "<details><summary>traceback</summary><pre>self = &lt;tests.api" in section
    assert "<details><summary>output</summary><pre>POST /refunds -&gt; 200</pre>" in section


def test_flaky_and_shard_tables(report: str) -> None:
    flaky = report[report.index("<h2>Flaky tests</h2>") : report.index("<h2>Shards</h2>")]
    assert "tests/api/test_orders.py::test_create_order" in flaky
    shards = report[report.index("<h2>Shards</h2>") :]
    assert shards.count("<tr>") == 4
    assert ">infra failed</span>" in shards
    assert '<td class="num">0 / 3</td>' in shards
    assert '<td class="num">—</td>' in shards  # no exit code


def test_timeline_has_a_row_per_shard_and_a_bar_per_timed_test() -> None:
    summary = make_summary()
    figure = timeline_figure(summary)
    labels = ["shard 1/3 (passed)", "shard 2/3 (failed)", "shard 3/3 (infra_failed)"]
    assert list(figure.layout.yaxis.categoryarray) == labels
    span, *tests = figure.data
    assert list(span.y) == labels
    assert span.base[2] == pytest.approx(0.5) and span.x[2] == pytest.approx(3.5)
    bars = {nodeid for trace in tests for nodeid, _ in trace.customdata}
    timed = {r.nodeid for r in summary.results if r.started_at is not None}
    assert bars == timed
    assert "tests/api/test_payments.py::test_capture" not in bars  # no started_at
    colors = {trace.name: trace.marker.color for trace in tests}
    assert colors["flaky"] == CATEGORY_COLORS["flaky"]
    assert colors["failed"] == CATEGORY_COLORS["failed"]


def test_timeline_hover_text_is_escaped_for_plotly() -> None:
    summary = make_summary()
    summary.shards[0].results[0].nodeid = "tests/test_x.py::test_p[<b>&]"
    trace = next(t for t in timeline_figure(summary).data if t.name == "passed")
    assert "tests/test_x.py::test_p[&lt;b&gt;&amp;]" in [row[0] for row in trace.customdata]


def test_slowest_tests_are_top_15_slowest_first() -> None:
    results = [
        TestResult(nodeid=f"tests/test_s.py::test_{i:02d}", outcome=Outcome.PASSED, duration=i)
        for i in range(1, 21)
    ]
    figure = slowest_figure(results)
    (bars,) = figure.data
    assert len(bars.y) == 15
    assert list(bars.x) == list(range(6, 21))  # the last category is drawn on top
    assert slowest_figure([]) is None


def test_renders_with_zero_tests(empty_report: str) -> None:
    assert empty_report.count(PLOTLY_BUNDLE_MARKER) == 1
    assert empty_report.count("Plotly.newPlot(") == 1  # the donut only
    assert "no tests" in empty_report
    for note in ("No timing data recorded.", "No failures.", "No flaky tests.", "No shards."):
        assert note in empty_report


def test_renders_tests_without_times(tmp_path: Path) -> None:
    results = [
        TestResult(nodeid="tests/test_a.py::test_a", outcome=Outcome.PASSED),
        TestResult(nodeid="tests/test_a.py::test_b", outcome=Outcome.FAILED, message="boom"),
    ]
    shard = ShardResult(index=1, count=1, status=ShardStatus.FAILED, results=results)
    summary = RunSummary(
        run_id=3,
        project="p",
        suite="s",
        environment="e",
        status=RunStatus.RUNNING,
        shards=[shard],
    )
    assert timeline_figure(summary) is None
    document = write_html_report(summary, tmp_path / "r.html").read_text(encoding="utf-8")
    assert document.count("No timing data recorded.") == 2  # slowest tests and timeline
    assert document.count(PLOTLY_BUNDLE_MARKER) == 1
    assert "boom" in document
    assert ">running</span>" in document


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [(0.25, "250 ms"), (4.24, "4.2 s"), (187, "3 m 07 s"), (3720, "1 h 02 m"), (None, "—")],
)
def test_format_duration(seconds: float | None, expected: str) -> None:
    assert format_duration(seconds) == expected


def test_pass_rate_ignores_skips_and_xfails() -> None:
    counts = make_summary().counts()
    assert pass_rate(counts) == pytest.approx(8 / 10)
    assert pass_rate(make_empty_summary().counts()) is None


def test_tests_run_under_a_new_id_get_a_note_and_a_pill(tmp_path: Path) -> None:
    results = [
        TestResult("tests/test_t.py::test_at[222]", Outcome.PASSED, 0.1, shard_index=1,
                   unstable_id=True),
        TestResult("tests/test_t.py::test_uuid[<b>9f</b>]", Outcome.FAILED, 0.1, shard_index=1,
                   message="boom", unstable_id=True),
        TestResult("tests/test_t.py::test_fine", Outcome.PASSED, 0.1, shard_index=1),
    ]
    summary = RunSummary(run_id=1, project="p", suite="s", environment="e",
                         status=RunStatus.FAILED, shards=[ShardResult(
                             index=1, count=1, status=ShardStatus.FAILED,
                             nodeids=[r.nodeid for r in results], results=results)])
    report = write_html_report(summary, tmp_path / "r.html").read_text(encoding="utf-8")
    assert not scan(report).unbalanced
    start = report.index("<h2>Ids not stable between processes</h2>")
    note = report[start : report.index("</section>", start)]
    assert note.count("<tr>") == 3  # header + the two tests
    assert "tests/test_t.py::test_at[222]" in note and "test_fine" not in note
    assert "&lt;b&gt;9f&lt;/b&gt;" in note and "<b>9f" not in report
    failures = report[report.index("<h2>Failures</h2>") : report.index("<h2>Flaky tests</h2>")]
    assert ">id not stable between processes</span>" in failures


def test_no_unstable_id_note_when_every_id_was_stable(report: str) -> None:
    assert "Ids not stable between processes" not in report
    assert "id not stable" not in report
