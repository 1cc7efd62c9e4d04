"""The rich tables of ``qatron metrics runs``, ``coverage`` and ``quality``."""

from __future__ import annotations

from typing import Any

from rich.table import Table

from qatron.analytics import Metric, ProjectQuality, ScopeQuality
from qatron.analytics.insights import format_value
from qatron.console import cell, out

__all__ = ["coverage_rows", "print_coverage", "print_quality", "print_runs"]

_STATUS_STYLE = {"good": "green", "warning": "yellow", "critical": "bold red"}
_SEVERITY_STYLE = {"info": "cyan", "warning": "yellow", "critical": "bold red"}


def print_runs(quality: ProjectQuality) -> None:
    if not quality.scopes:
        out.print(f"No ended run of {quality.project} in the period.")
    for scope in quality.scopes:
        table = Table(title=cell(f"Runs of {scope.suite} on {scope.environment}"))
        for name in ("Run", "Status", "Created", "Tests", "Passed", "Failed", "Flaky",
                     "Pass rate", "Wall time", "Coverage"):
            table.add_column(name, justify="left" if name in {"Status", "Created",
                                                               "Coverage"} else "right")
        for run in scope.runs:
            counts = run.counts
            table.add_row(str(run.run_id), cell(run.status), run.created_at[:16].replace(
                "T", " "), str(counts["total"]), str(counts["passed"] + counts["xpassed"]),
                str(counts["failed"] + counts["error"]), str(counts["flaky"]),
                "—" if run.pass_rate is None else f"{run.pass_rate:.1%}",
                "—" if run.wall_time is None else f"{run.wall_time:,.1f} s",
                cell(", ".join(f"{layer} {pct:.1f}%" for layer, pct in run.coverage.items())
                     or "—"))
        out.print(table)


def coverage_rows(quality: ProjectQuality) -> list[dict[str, Any]]:
    """One row per suite, environment and layer: the line coverage metric as JSON."""
    rows = []
    for scope in quality.scopes:
        for metric in scope.metrics:
            if metric.name.split(".")[0] in {"line_coverage", "branch_coverage"}:
                trend = metric.trend
                rows.append({
                    "suite": scope.suite, "environment": scope.environment,
                    "metric": metric.name, "value": metric.value, "target": metric.target,
                    "status": metric.status, "reason": metric.reason,
                    "trend": trend.direction if trend else None,
                    "confidence": trend.confidence if trend else None,
                    "prediction": trend.prediction if trend else None,
                    "series": metric.series})
    return rows


def print_coverage(rows: list[dict[str, Any]]) -> None:
    table = Table(title="Coverage per layer")
    for name in ("Suite", "Environment", "Metric", "Value", "Target", "Status", "Trend",
                 "Next run"):
        table.add_column(name, overflow="fold")
    for row in rows:
        value = "—" if row["value"] is None else f"{row['value']:.1f}%"
        status = row["status"] or row["reason"]
        table.add_row(cell(row["suite"]), cell(row["environment"]), cell(row["metric"]), value,
                      f"{row['target']:.1f}%", cell(status, _STATUS_STYLE.get(status, "")),
                      cell(row["trend"] or "—"),
                      "—" if row["prediction"] is None else f"{row['prediction']:.1f}%")
    out.print(table)


def print_quality(quality: ProjectQuality) -> None:
    for scope in quality.scopes:
        _print_scope(scope)
    out.print(cell(quality.summary, "bold"))


def _print_scope(scope: ScopeQuality) -> None:
    score = "—" if scope.score is None else f"{scope.score:.0f}/100"
    table = Table(title=cell(f"{scope.suite} on {scope.environment}: quality {score} "
                             f"over {len(scope.runs)} run(s)"))
    for name in ("Metric", "Value", "Target", "Status", "Trend", "r²", "Next run"):
        table.add_column(name, overflow="fold")
    for metric in scope.metrics:
        table.add_row(*_metric_cells(metric))
    out.print(table)
    for anomaly in scope.anomalies:
        out.print(cell(f"  anomaly: {anomaly.message} (robust z {anomaly.robust_z:.1f})",
                       "yellow"))
    for insight in scope.insights:
        out.print(cell(f"  [{insight.severity.value}] {insight.title}",
                       _SEVERITY_STYLE[insight.severity.value]))
        out.print(cell(f"      → {insight.recommendation}"))
    out.print(cell(scope.summary))
    out.print("")


def _metric_cells(metric: Metric) -> tuple[Any, ...]:
    target = ("≥ " if metric.higher_is_better else "≤ ") + format_value(metric.target,
                                                                        metric.unit)
    if metric.value is None:
        return (cell(metric.label), "—", target, cell(metric.reason, "dim"), "", "", "")
    status = metric.status.value if metric.status else ""
    trend = metric.trend
    return (cell(metric.label), format_value(metric.value, metric.unit), target,
            cell(status, _STATUS_STYLE.get(status, "")),
            cell(trend.direction.value if trend else "—"),
            f"{trend.confidence:.2f}" if trend else "",
            format_value(trend.prediction, metric.unit)
            if trend and trend.prediction is not None else "")
