"""A run's journeys in the HTML report and the summary artifact."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.journeys.models import JourneyResult, StepResult, StepStatus
from reports.artifacts import summary_markdown
from reports.html import write_html_report
from reports.journeys import STEP_COLORS, flows, journey_figure, journey_section
from tests.reports.conftest import T0, make_empty_summary, make_summary
from tests.reports.test_html import PLOTLY_BUNDLE_MARKER, scan

LOGIN, PICK = "user-service.test_login", "catalog-service.test_pick_item"
PAY, CONFIRM = "payment-service.test_create_payment", "web-frontend.confirmation"
EVIL_REASON = 'HTTP 402 <script>alert("x")</script> | card declined'
#: The token as the test saw it: the engine masks it in inputs and outputs; here it is
#: only in the step's output tail, which belongs to the failures table, not the journey.
RAW_TOKEN = "tok-RAW-9f3a77"


def checkout() -> JourneyResult:
    """Login and item pick passed, payment failed on its second attempt, confirmation
    skipped; the token flowed from login to payment, masked."""
    return JourneyResult("checkout", [
        StepResult("checkout", LOGIN, "user-service", "journeys/test_users.py::test_login",
                   StepStatus.PASSED, outputs={"token": "***", "user_id": 7},
                   secrets=["token"], attempts=1, started_at=T0 + 1, finished_at=T0 + 2.5),
        StepResult("checkout", PICK, "catalog-service", "journeys/test_catalog.py::test_pick",
                   StepStatus.PASSED, outputs={"sku": "SKU-1"}, attempts=1,
                   started_at=T0 + 1, finished_at=T0 + 2),
        StepResult("checkout", PAY, "payment-service",
                   "journeys/test_payments.py::test_create_payment", StepStatus.FAILED,
                   reason=EVIL_REASON, needs=[PICK, LOGIN],
                   inputs={"headers": {"Authorization": "***"}, "sku": "SKU-1", "user": 7},
                   attempts=2, started_at=T0 + 2.5, finished_at=T0 + 6,
                   traceback="E   assert 402 == 201",
                   output_tail=f"Authorization: Bearer {RAW_TOKEN}"),
        StepResult("checkout", CONFIRM, "web-frontend", "test/confirmation.test.mjs",
                   StepStatus.SKIPPED, reason=f"skipped: {PAY} failed", needs=[PAY]),
    ])


def refund() -> JourneyResult:
    """A journey whose only step never ran: its application was down."""
    return JourneyResult("refund", [StepResult(
        "refund", "payment-service.test_refund", "payment-service", "t.py::test_refund",
        StepStatus.DOWN, reason="payment-service is down: connection refused")])


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> str:
    summary = make_summary()
    summary.journeys = [checkout(), refund()]
    path = write_html_report(summary, tmp_path_factory.mktemp("html") / "report.html")
    return path.read_text(encoding="utf-8")


def test_each_journey_has_a_section_with_its_steps_and_reasons(report: str) -> None:
    text = " ".join(scan(report).text)
    for expected in ("Journey checkout", "not passed", "Journey refund", LOGIN, PICK, PAY,
                     CONFIRM, "journeys/test_payments.py::test_create_payment",
                     EVIL_REASON, f"skipped: {PAY} failed",
                     "payment-service is down: connection refused", "3.5 s"):
        assert expected in text
    assert '<script>alert("x")' not in report
    assert "HTTP 402 &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; | card declined" in report


def test_the_report_stays_one_offline_document(report: str) -> None:
    assert report.count(PLOTLY_BUNDLE_MARKER) == 1
    assert report.count("Plotly.newPlot(") == 5  # donut, slowest, shards, two journeys
    parsed = scan(report)
    assert parsed.unbalanced == [] and parsed.stack == [] and parsed.resources == []


def test_the_values_that_flowed_are_shown_masked_from_the_step_that_made_them() -> None:
    assert [f.text() for f in flows(checkout())] == [
        f"{LOGIN} → {PAY}: headers.Authorization = ***",
        f"{PICK} → {PAY}: sku = SKU-1",
        f"{LOGIN} → {PAY}: user = 7",
    ]
    section = journey_section([checkout()])
    text = " ".join(scan(section).text)
    assert "Values that flowed" in text and "headers.Authorization" in text
    assert "***" in text
    assert RAW_TOKEN not in section
    assert "assert 402 == 201" not in section  # the traceback is the failures table's


def test_a_value_no_single_step_made_names_every_step_it_waited_for() -> None:
    journey = checkout()
    journey.steps[1].outputs = {"token": "***"}  # both steps it waited for hold a "***"
    assert flows(journey)[0].sources == [PICK, LOGIN]


def test_timeline_has_a_row_per_application_and_a_bar_per_step() -> None:
    journey = checkout()
    figure = journey_figure(journey)
    assert list(figure.layout.yaxis.categoryarray) == [
        "user-service", "catalog-service", "payment-service", "web-frontend"]
    bars = {row[0]: (trace.name, app, base, width)
            for trace in figure.data
            for row, app, base, width in zip(trace.customdata, trace.y, trace.base, trace.x,
                                             strict=True)}
    assert sorted(bars) == sorted(s.step for s in journey.steps)  # one bar per step
    assert bars[LOGIN] == ("passed", "user-service", 0.0, 1.5)
    assert bars[PAY][:3] == ("failed", "payment-service", 1.5)
    assert bars[PAY][3] == pytest.approx(3.5)
    name, app, base, width = bars[CONFIRM]  # never ran: a thin bar where payment ended
    assert (name, app, base) == ("skipped", "web-frontend", 5.0) and 0 < width < 0.1
    colors = {trace.name: trace.marker.color for trace in figure.data}
    assert colors == {"passed": STEP_COLORS[StepStatus.PASSED],
                      "failed": STEP_COLORS[StepStatus.FAILED],
                      "skipped": STEP_COLORS[StepStatus.SKIPPED]}
    [failed] = [t for t in figure.data if t.name == "failed"]
    assert list(failed.customdata[0]) == [
        PAY, "failed", 'HTTP 402 &lt;script&gt;alert("x")&lt;/script&gt; | card declined',
        2, "3.5 s"]


def test_a_journey_that_never_ran_still_has_a_bar_per_step() -> None:
    [trace] = journey_figure(refund()).data
    assert (trace.name, list(trace.y), list(trace.base)) == ("down", ["payment-service"], [0.0])


def test_no_journey_section_without_journeys(tmp_path: Path) -> None:
    path = write_html_report(make_empty_summary(), tmp_path / "r.html")
    assert "Journey" not in path.read_text(encoding="utf-8")
    assert journey_section([]) == ""


def test_summary_markdown_lists_each_journey_step_with_status_and_reason() -> None:
    summary = make_summary()
    summary.journeys = [checkout()]
    markdown = summary_markdown(summary)
    assert "## Journey checkout: **not passed**" in markdown
    assert f"| `{PAY}` | payment-service | `failed` | HTTP 402 &lt;script&gt;alert(\"x\")" \
           "&lt;/script&gt; \\| card declined |" in markdown
    assert f"| `{LOGIN}` | user-service | `passed` |  |" in markdown
    assert markdown.index("## Shards") < markdown.index("## Journey") < markdown.index(
        "## Slowest")
    assert "Journey" not in summary_markdown(make_summary())
