"""The run report's history: the same suite on the same environment in its last runs.

Pass rate, wall time, flaky tests and line coverage of the earlier ended runs (a
:class:`qatron.store.history.ScopeHistory`) and of this run, as four small charts, and
each of this run's failing tests with a sparkline of its recent outcomes (one square per
run, oldest first, this run last). With no earlier run the section says so.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from qatron.models import RunSummary

if TYPE_CHECKING:  # only the names: reading a report needs no SQLAlchemy
    from qatron.store.history import RunAggregate, ScopeHistory

__all__ = ["OUTCOME_COLORS", "history_section"]

OUTCOME_COLORS = {"passed": "#2f9e5b", "flaky": "#e0a526", "failed": "#d64545",
                  "error": "#8e44ad", "xfailed": "#6c8ebf", "xpassed": "#3aa7b5",
                  "absent": "#e4e7eb"}
HISTORY_CSS = """
.spark{display:inline-flex;gap:2px;vertical-align:middle}
.spark i{display:inline-block;width:9px;height:14px;border-radius:2px}
"""


def history_section(summary: RunSummary, history: ScopeHistory | None,
                    embed: Callable[[go.Figure], str]) -> str:
    """The section's HTML (a card), or a note when there is no earlier run."""
    earlier = [run for run in (history.runs if history else []) if run.run_id != summary.run_id]
    if not earlier or history is None:
        return ('<section class="card history"><h2>History</h2><p class="empty">No earlier '
                'ended run of this suite on this environment.</p></section>')
    return (f'<section class="card history"><style>{HISTORY_CSS}</style>'
            f"<h2>History: the last {len(earlier)} run(s) and this one</h2>"
            f"{embed(_figure(summary, history, earlier))}{_sparklines(summary, history)}"
            "</section>")


def _figure(summary: RunSummary, history: ScopeHistory, earlier: list[RunAggregate]
            ) -> go.Figure:
    labels = [f"#{run.run_id}" for run in earlier] + [f"#{summary.run_id}"]
    counts = summary.counts()
    judged = counts["passed"] + counts["xpassed"] + counts["failed"] + counts["error"]
    rates = [_rate(run.counts) for run in earlier] + [
        (counts["passed"] + counts["xpassed"]) / judged if judged else None]
    walls = [run.wall_time for run in earlier] + [summary.duration or None]
    flaky = [run.counts.get("flaky", 0) for run in earlier] + [counts["flaky"]]
    layer = getattr(summary.coverage, "layer", None)
    coverage = [history.coverage.get(run.run_id, {}).get(layer) if layer else None
                for run in earlier] + [getattr(summary.coverage, "percent", None)]
    figure = make_subplots(rows=1, cols=4, subplot_titles=(
        "Pass rate", "Duration (s)", "Flaky tests", f"Coverage {layer or ''} (%)".strip()))
    for column, (values, color) in enumerate(((rates, "#2f9e5b"), (walls, "#2b6cb0"),
                                              (flaky, "#e0a526"), (coverage, "#6c8ebf")), 1):
        figure.add_trace(go.Scatter(x=labels, y=values, mode="lines+markers",
                                    line_color=color, showlegend=False), row=1, col=column)
    figure.update_yaxes(tickformat=".0%", row=1, col=1)
    figure.update_xaxes(showticklabels=False)
    figure.update_layout(template="plotly_white", height=200,
                         margin={"l": 40, "r": 10, "t": 30, "b": 10})
    return figure


def _rate(counts: dict[str, int]) -> float | None:
    passed = counts.get("passed", 0) + counts.get("xpassed", 0)
    judged = passed + counts.get("failed", 0) + counts.get("error", 0)
    return passed / judged if judged else None


def _sparklines(summary: RunSummary, history: ScopeHistory) -> str:
    failing = [r for r in summary.results if r.outcome.is_failure]
    if not failing:
        return '<p class="empty">No failing test in this run.</p>'
    runs = [run.run_id for run in history.runs if run.run_id != summary.run_id]
    seen: dict[str, dict[int, str]] = {}
    wanted = {r.nodeid for r in failing}
    for sample in history.tests:
        if sample.nodeid in wanted:
            outcome = "flaky" if sample.flaky and sample.outcome == "passed" else sample.outcome
            seen.setdefault(sample.nodeid, {})[sample.run_id] = outcome
    rows = []
    for result in failing:
        past = seen.get(result.nodeid, {})
        marks = [past.get(run_id, "absent") for run_id in runs] + [result.outcome.value]
        squares = "".join(f'<i title="{_esc(f"run {run_id}: {mark}")}" style="background:'
                          f'{OUTCOME_COLORS.get(mark, "#a0aab4")}"></i>'
                          for run_id, mark in zip([*runs, summary.run_id], marks, strict=True))
        failed = sum(1 for mark in marks if mark in {"failed", "error"})
        rows.append(f"<tr><td><code>{_esc(result.nodeid)}</code></td><td>"
                    f'<span class="spark">{squares}</span></td><td class=num>{failed} of '
                    f"{len(marks)}</td></tr>")
    return ("<table class=\"sparklines\"><tr><th>Failing test</th><th>Recent outcomes</th>"
            f"<th class=num>Failed</th></tr>{''.join(rows)}</table>")


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
