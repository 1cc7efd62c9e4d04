"""The project's quality dashboard: one self-contained offline HTML page.

Every suite and environment of a :class:`qatron.analytics.ProjectQuality`: its score,
each metric with its target, status and trend, the runs' pass rate, wall time, flaky
tests and coverage over the window, the newest run's anomalies, the insights with
their recommendations and the slowest tests. plotly.js is embedded once (the run
report's :class:`reports.html.FigureEmbedder`), so the page opens without a network;
every text from the store is HTML-escaped.
"""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from qatron.analytics import Metric, ProjectQuality, ScopeQuality
from qatron.analytics.insights import format_value
from qatron.whole_files import write_whole
from reports.html import CSS, FigureEmbedder

__all__ = ["STATUS_COLORS", "render_dashboard", "write_dashboard"]

STATUS_COLORS = {"good": "#2f9e5b", "warning": "#e0a526", "critical": "#d64545"}
SEVERITY_COLORS = {"info": "#2b6cb0", "warning": "#e0a526", "critical": "#d64545"}
UNMEASURED = "#a0aab4"
ARROWS = {"improving": "▲ improving", "declining": "▼ declining", "stable": "● stable"}
DASHBOARD_CSS = """
.metrics{display:grid;grid-template-columns:repeat(auto-fill,minmax(190px,1fr));gap:12px;
  margin:10px 0 16px}
.metric{background:#fff;border-radius:10px;padding:12px 14px;box-shadow:0 1px 3px #0001;
  border-top:4px solid #cbd2d9}
.metric .value{font-size:24px;font-weight:700}
.metric .label{color:#616e7c;font-size:12px;text-transform:uppercase;letter-spacing:.05em}
.metric .sub{color:#52606d;font-size:12px}
ul.insights{list-style:none;padding:0;margin:0}
ul.insights li{padding:8px 0;border-bottom:1px solid #eef0f3}
ul.insights .rec{color:#52606d;margin-top:2px}
.score{font-size:34px;font-weight:800}
"""


def write_dashboard(quality: ProjectQuality, path: Path) -> Path:
    """Write the dashboard of ``quality`` to ``path``; return ``path``."""
    return write_whole(Path(path), render_dashboard(quality))


def render_dashboard(quality: ProjectQuality) -> str:
    """The whole page as a string."""
    embed = FigureEmbedder()  # the first figure rendered carries plotly.js: the page's first
    overview = _overview(quality, embed) if len(quality.scopes) > 1 else ""
    sections = [_scope(scope, embed) for scope in quality.scopes]
    if not sections:
        sections = ['<section class="card"><p class="empty">No ended run in the results '
                    'store yet: run a suite first.</p></section>']
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Quality of {_esc(quality.project)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{CSS}{DASHBOARD_CSS}</style></head><body><main>"
        f'<header class="run" id="overview"><h1>Quality of {_esc(quality.project)}'
        f' <span class="score" data-score="{quality.score if quality.score is not None else ""}">'
        f"{_score(quality.score)}</span></h1>"
        f'<div class="sub summary">{_esc(quality.summary)}</div>'
        f'<div class="sub">Each suite and environment over its newest {quality.window} '
        f"ended runs · generated {generated}</div></header>"
        f"{overview}{''.join(sections)}"
        "<footer>QAtron quality dashboard</footer></main></body></html>"
    )


def _overview(quality: ProjectQuality, embed: FigureEmbedder) -> str:
    scopes = [s for s in quality.scopes if s.score is not None]
    figure = go.Figure(go.Bar(
        x=[f"{s.suite} · {s.environment}" for s in scopes], y=[s.score for s in scopes],
        marker_color=[_score_color(s.score) for s in scopes], text=[_score(s.score)
                                                                   for s in scopes]))
    figure.update_layout(template="plotly_white", height=280, yaxis_range=[0, 100],
                         margin={"l": 40, "r": 20, "t": 30, "b": 60},
                         title="Quality score per suite and environment")
    return f'<section class="card"><h2>Overview</h2>{embed(figure)}</section>'


def _scope(scope: ScopeQuality, embed: FigureEmbedder) -> str:
    title = f"{scope.suite} on {scope.environment}"
    return (
        f'<section class="card scope" data-suite="{_esc(scope.suite)}" '
        f'data-environment="{_esc(scope.environment)}">'
        f'<h2>{_esc(title)} <span class="pill" style="background:{_score_color(scope.score)}">'
        f"{_score(scope.score)}</span></h2>"
        f'<p class="sub">{_esc(scope.summary)}</p>'
        f'<div class="metrics">{"".join(_tile(m) for m in scope.metrics)}</div>'
        f"{_trends(scope, embed)}{_anomalies(scope)}{_insights(scope)}{_slowest(scope)}"
        f"{_breakdown('Failures by cause', scope.failures_by_cause)}"
        f"{_breakdown('Failures by team', scope.failures_by_team)}</section>")


def _tile(metric: Metric) -> str:
    status = metric.status.value if metric.status else "unmeasured"
    color = STATUS_COLORS.get(status, UNMEASURED)
    target = ("≥ " if metric.higher_is_better else "≤ ") + format_value(metric.target,
                                                                        metric.unit)
    if metric.value is None:
        value, sub = "—", _esc(metric.reason)
    else:
        value = format_value(metric.value, metric.unit)
        trend = metric.trend
        sub = (f"{ARROWS[trend.direction.value]} (r² {trend.confidence:.2f}) · next "
               f"{format_value(trend.prediction, metric.unit)}"
               if trend and trend.prediction is not None else "no trend yet")
    return (f'<div class="metric" data-metric="{_esc(metric.name)}" data-status="{status}" '
            f'style="border-top-color:{color}"><div class="label">{_esc(metric.label)}</div>'
            f'<div class="value">{_esc(value)}</div><div class="sub">target {_esc(target)} · '
            f'<b style="color:{color}">{status}</b></div><div class="sub">{sub}</div></div>')


def _trends(scope: ScopeQuality, embed: FigureEmbedder) -> str:
    if len(scope.runs) < 2:
        return ""
    runs = [f"#{run.run_id}" for run in scope.runs]
    figure = make_subplots(rows=1, cols=3, subplot_titles=(
        "Pass rate", "Wall time (s)", "Flaky tests and coverage"),
        specs=[[{}, {}, {"secondary_y": True}]])
    figure.add_trace(go.Scatter(x=runs, y=[r.pass_rate for r in scope.runs], name="pass rate",
                                mode="lines+markers", line_color="#2f9e5b"), row=1, col=1)
    figure.add_trace(go.Scatter(x=runs, y=[r.wall_time for r in scope.runs], name="wall time",
                                mode="lines+markers", line_color="#2b6cb0"), row=1, col=2)
    figure.add_trace(go.Bar(x=runs, y=[r.counts.get("flaky", 0) for r in scope.runs],
                            name="flaky tests", marker_color="#e0a526"), row=1, col=3)
    layers = sorted({layer for run in scope.runs for layer in run.coverage})
    for layer in layers:
        figure.add_trace(go.Scatter(x=runs, y=[run.coverage.get(layer) for run in scope.runs],
                                    name=f"coverage {layer} (%)", mode="lines+markers"),
                         row=1, col=3, secondary_y=True)
    figure.update_yaxes(tickformat=".0%", range=[0, 1.02], row=1, col=1)
    figure.update_layout(template="plotly_white", height=320, showlegend=True,
                         margin={"l": 40, "r": 20, "t": 40, "b": 40},
                         legend={"orientation": "h", "y": -0.2})
    return f'<div class="trends">{embed(figure)}</div>'


def _anomalies(scope: ScopeQuality) -> str:
    if not scope.anomalies:
        return '<h3>Anomalies</h3><p class="empty">None in the newest run.</p>'
    items = "".join(f'<li class="anomaly" data-kind="{_esc(a.kind)}">{_esc(a.message)} '
                    f"(robust z {a.robust_z:.1f})</li>" for a in scope.anomalies)
    return f'<h3>Anomalies</h3><ul class="insights">{items}</ul>'


def _insights(scope: ScopeQuality) -> str:
    if not scope.insights:
        return '<h3>Insights</h3><p class="empty">Nothing to act on.</p>'
    items = "".join(
        f'<li class="insight" data-kind="{_esc(i.kind)}" data-severity="{i.severity.value}">'
        f'<span class="pill" style="background:{SEVERITY_COLORS[i.severity.value]}">'
        f"{i.severity.value}</span> {_esc(i.title)}"
        f'<div class="rec">→ {_esc(i.recommendation)}</div></li>' for i in scope.insights)
    return f'<h3>Insights</h3><ul class="insights">{items}</ul>'


def _slowest(scope: ScopeQuality) -> str:
    if not scope.slowest_tests:
        return ""
    rows = "".join(f"<tr><td><code>{_esc(t.nodeid)}</code></td><td class=num>"
                   f"{t.duration:.2f} s</td><td class=num>{t.median:.2f} s</td></tr>"
                   for t in scope.slowest_tests)
    return ('<h3>Slowest tests of the newest run</h3><table class="slowest"><tr><th>Test</th>'
            f'<th class=num>Duration</th><th class=num>Median</th></tr>{rows}</table>')


def _breakdown(title: str, counts: dict[str, int]) -> str:
    if not counts:
        return ""
    rows = "".join(f"<tr><td>{_esc(name)}</td><td class=num>{number}</td></tr>"
                   for name, number in counts.items())
    return f"<h3>{_esc(title)}</h3><table><tr><th>Name</th><th class=num>Failures</th></tr>" \
           f"{rows}</table>"


def _score(score: float | None) -> str:
    return "—" if score is None else f"{score:.0f}/100"


def _score_color(score: float | None) -> str:
    if score is None:
        return UNMEASURED
    if score >= 90:
        return STATUS_COLORS["good"]
    return STATUS_COLORS["warning"] if score >= 70 else STATUS_COLORS["critical"]


def _esc(text: object) -> str:
    return html.escape(str(text), quote=True)
