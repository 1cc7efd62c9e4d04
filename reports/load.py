"""A run's load tests for people: an HTML section of the run report and a markdown section.

For each load test the HTML shows its figures over time (requests and failures per
second, p50 and p95, with the users on a second axis), the target's CPU and memory when
they were sampled, a table per endpoint, the verdict of each criterion, the comparison
with the baseline run of its regression criteria, and the hints at the bottleneck. All
text is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from qatron.load.criteria import REGRESSION_PREFIX
from qatron.load.models import CriterionVerdict, EndpointStats, LoadResult, LoadStatus
from reports.html import FigureEmbedder, format_duration

STATUS_COLORS = {
    LoadStatus.PASSED: "#2f9e5b",
    LoadStatus.FAILED: "#d64545",
    LoadStatus.INFRA_FAILED: "#6b46c1",
    LoadStatus.CANCELLED: "#718096",
}
#: Trace colours: throughput, failures, p50, p95, users, CPU, memory.
COLORS = {"rps": "#2b6cb0", "failures": "#d64545", "p50": "#2f9e5b", "p95": "#e07b24",
          "users": "#7b8794", "cpu": "#6b46c1", "memory": "#3aa7b5"}
FIGURE_COLUMNS = ("requests", "failures", "rps", "p50", "p90", "p95", "p99", "max")


def load_section(results: Sequence[LoadResult],
                 embed: Callable[[go.Figure], str] | None = None) -> str:
    """An HTML ``<section>`` per load test ("" without any).

    ``embed`` renders a figure (the report's :class:`~reports.html.FigureEmbedder`, so
    plotly.js is embedded once).
    """
    embed = embed or FigureEmbedder()
    return "\n".join(_card(result, embed) for result in results)


def load_figure(result: LoadResult) -> go.Figure:
    """Requests and failures per second (top) and p50/p95 (bottom) over the seconds since
    the test started, each with the users on the right axis."""
    origin = _origin(result)
    x = [p.t - origin for p in result.timeline]
    figure = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.08,
                           specs=[[{"secondary_y": True}], [{"secondary_y": True}]])
    for row, traces in ((1, (("requests/s", [p.rps for p in result.timeline], "rps"),
                             ("failures/s", [p.failures_per_s for p in result.timeline],
                              "failures"))),
                        (2, (("p50 ms", [p.p50_ms for p in result.timeline], "p50"),
                             ("p95 ms", [p.p95_ms for p in result.timeline], "p95")))):
        for name, y, color in traces:
            figure.add_trace(go.Scatter(x=x, y=y, name=name, mode="lines",
                                        line={"color": COLORS[color]}), row=row, col=1)
        figure.add_trace(go.Scatter(
            x=x, y=[p.users for p in result.timeline], name="users", mode="lines",
            legendgroup="users", showlegend=row == 1, line={"color": COLORS["users"],
                                                           "dash": "dot", "shape": "hv"}),
            row=row, col=1, secondary_y=True)
    figure.update_yaxes(title_text="per second", rangemode="tozero", row=1, col=1)
    figure.update_yaxes(title_text="ms", rangemode="tozero", row=2, col=1)
    figure.update_yaxes(title_text="users", rangemode="tozero", secondary_y=True)
    figure.update_xaxes(title_text="seconds since the test started", row=2, col=1)
    return _layout(figure, 520)


def resources_figure(result: LoadResult) -> go.Figure | None:
    """The target's CPU (left) and memory (right) over the test; None if not sampled."""
    if not result.resources:
        return None
    origin = _origin(result)
    x = [s.t - origin for s in result.resources]
    figure = make_subplots(specs=[[{"secondary_y": True}]])
    figure.add_trace(go.Scatter(x=x, y=[s.cpu_percent for s in result.resources],
                                name="CPU %", mode="lines", line={"color": COLORS["cpu"]}))
    figure.add_trace(go.Scatter(x=x, y=[s.memory_mb for s in result.resources],
                                name="memory MB", mode="lines",
                                line={"color": COLORS["memory"]}), secondary_y=True)
    figure.update_yaxes(title_text="CPU %", rangemode="tozero")
    figure.update_yaxes(title_text="memory MB", rangemode="tozero", secondary_y=True)
    figure.update_xaxes(title_text="seconds since the test started")
    return _layout(figure, 300)


def load_markdown(results: Sequence[LoadResult]) -> str:
    """A markdown section per load test for the run's summary artifact ("" without any)."""
    return "\n\n".join(_markdown(result) for result in results)


def _markdown(result: LoadResult) -> str:
    total = result.total
    lines = [f"## Load test {_cell(result.name)}: `{result.status.value}`", "",
             _cell(result.message) or "—", "",
             f"{total.requests} requests, {total.rps:.1f} rps, p50 {total.p50_ms:.0f} ms, "
             f"p95 {total.p95_ms:.0f} ms, p99 {total.p99_ms:.0f} ms, "
             f"{total.error_rate:.1%} errors, {result.users_peak} users"]
    if result.verdicts:
        lines += ["", "| Criterion | Result | Detail |", "|---|---|---|",
                  *(f"| `{_cell(v.criterion)}` | {'met' if v.passed else '**not met**'} | "
                    f"{_cell(v.text)} |" for v in result.verdicts)]
    if result.hints:
        lines += ["", *(f"- {_cell(hint)}" for hint in result.hints)]
    return "\n".join(lines)


def _card(result: LoadResult, embed: Callable[[go.Figure], str]) -> str:
    status = result.status
    head = (f'<h2>Load test {_esc(result.name)} <span class="pill" '
            f'style="background:{STATUS_COLORS[status]}">{_esc(status.value.replace("_", " "))}'
            f'</span></h2><p class="msg">{_esc(result.message)}</p>{_meta(result)}')
    parts = [head]
    if result.timeline:
        parts.append(embed(load_figure(result)))
    resources = resources_figure(result)
    if resources is not None:
        parts.append("<h3>The target's CPU and memory</h3>" + embed(resources))
    if result.endpoints or result.total.requests:
        parts.append(_endpoints_table(result))
    parts += [_errors_table(result), _verdicts_table(result.verdicts),
              _baseline_table(result.verdicts), _hints(result)]
    return f'<section class="card load">{"".join(parts)}</section>'


def _meta(result: LoadResult) -> str:
    total = result.total
    facts = (("target", result.target), ("peak users", str(result.users_peak)),
             ("workers", str(result.workers)),
             ("duration", format_duration(result.duration or None)),
             ("requests", str(total.requests)), ("throughput", f"{total.rps:.1f} rps"),
             ("error rate", f"{total.error_rate:.1%}"))
    return '<dl class="meta">' + "".join(
        f"<div><dt>{label}</dt><dd>{_esc(value)}</dd></div>" for label, value in facts) + "</dl>"


def _endpoints_table(result: LoadResult) -> str:
    rows = "".join(_endpoint_row(e, e.name) for e in result.endpoints)
    total = _endpoint_row(result.total, "all endpoints", strong=True)
    heads = "".join(f'<th class="num">{name}</th>' for name in FIGURE_COLUMNS)
    return ("<h3>Endpoints</h3><table><thead><tr><th>Endpoint</th>" + heads +
            f"</tr></thead><tbody>{rows}{total}</tbody></table>")


def _endpoint_row(stats: EndpointStats, label: str, strong: bool = False) -> str:
    method = "" if label.startswith(f"{stats.method} ") else stats.method
    name = " ".join(filter(None, [method, label]))
    cells = [str(stats.requests), str(stats.failures), f"{stats.rps:.1f}",
             *(f"{value:.0f}" for value in (stats.p50_ms, stats.p90_ms, stats.p95_ms,
                                             stats.p99_ms, stats.max_ms))]
    shown = f"<strong>{_esc(name)}</strong>" if strong else f"<code>{_esc(name)}</code>"
    return (f"<tr><td>{shown}</td>" + "".join(f'<td class="num">{c}</td>' for c in cells)
            + "</tr>")


def _errors_table(result: LoadResult) -> str:
    if not result.errors:
        return ""
    origin = _origin(result)
    rows = "".join(
        f"<tr><td><code>{_esc(' '.join(filter(None, [g.method, g.name])))}</code></td>"
        f'<td class="msg">{_esc(g.error)}</td><td class="num">{g.occurrences}</td>'
        f'<td class="num">{"—" if g.first_seen is None else f"{g.first_seen - origin:.0f} s"}'
        "</td></tr>" for g in result.errors)
    return ('<h3>Errors</h3><table><thead><tr><th>Endpoint</th><th>Error</th>'
            '<th class="num">Occurrences</th><th class="num">First, into the test</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def _verdicts_table(verdicts: list[CriterionVerdict]) -> str:
    if not verdicts:
        return '<h3>Criteria</h3><p class="empty">Not judged: no criteria, or no figures.</p>'
    rows = "".join(
        f"<tr><td><code>{_esc(v.criterion)}</code></td>"
        f'<td class="num">{_esc(_limit(v))}</td>'
        f'<td class="num">{_esc(_figure(v.criterion, v.measured))}</td>'
        f'<td><span class="pill" style="background:{STATUS_COLORS[_status(v)]}">'
        f'{"met" if v.passed else "not met"}</span></td><td class="msg">{_esc(v.text)}</td></tr>'
        for v in verdicts)
    return ("<h3>Criteria</h3><table><thead><tr><th>Criterion</th><th class=\"num\">Limit</th>"
            '<th class="num">Measured</th><th>Result</th><th>Detail</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def _baseline_table(verdicts: list[CriterionVerdict]) -> str:
    """This run against the baseline run, for the regression criteria that had one."""
    compared = [v for v in verdicts if v.baseline_run_id is not None]
    if not compared:
        return ""
    rows = "".join(
        f"<tr><td><code>{_esc(v.criterion.removeprefix(REGRESSION_PREFIX))}</code></td>"
        f'<td class="num">{_esc(_figure(v.criterion, v.baseline))}</td>'
        f'<td class="num">{_esc(_figure(v.criterion, v.measured))}</td>'
        f'<td class="num">{_esc(_change(v))}</td><td class="num">{v.limit:.0%}</td>'
        f'<td><span class="pill" style="background:{STATUS_COLORS[_status(v)]}">'
        f'{"met" if v.passed else "not met"}</span></td></tr>' for v in compared)
    run_ids = ", ".join(str(i) for i in dict.fromkeys(v.baseline_run_id for v in compared))
    return (f"<h3>Against run {_esc(run_ids)}, the last that passed</h3><table><thead><tr>"
            f'<th>Figure</th><th class="num">Run {_esc(run_ids)}</th><th class="num">This run'
            '</th><th class="num">Change</th><th class="num">Allowed</th><th>Result</th>'
            f"</tr></thead><tbody>{rows}</tbody></table>")


def _hints(result: LoadResult) -> str:
    if result.hints:
        items = "".join(f"<li>{_esc(hint)}</li>" for hint in result.hints)
        return f'<h3>Where the bottleneck may be</h3><ul class="hints">{items}</ul>'
    if result.status in (LoadStatus.INFRA_FAILED, LoadStatus.CANCELLED):
        return ""
    return '<h3>Where the bottleneck may be</h3><p class="empty">No bottleneck found.</p>'


def _status(verdict: CriterionVerdict) -> LoadStatus:
    return LoadStatus.PASSED if verdict.passed else LoadStatus.FAILED


def _limit(verdict: CriterionVerdict) -> str:
    if verdict.criterion.startswith(REGRESSION_PREFIX):
        return f"{verdict.limit:.0%} worse"
    return _figure(verdict.criterion, verdict.limit)


def _figure(criterion: str, value: float | None) -> str:
    """A figure of the criterion's metric, with its unit."""
    if value is None:
        return "—"
    if "error_rate" in criterion:
        return f"{value:.1%}"
    if "rps" in criterion:
        return f"{value:.1f} rps"
    if criterion == "min_requests":
        return f"{value:.0f}"
    return f"{value:.0f} ms"


def _change(verdict: CriterionVerdict) -> str:
    if verdict.baseline is None or verdict.measured is None:
        return "—"
    if verdict.baseline == 0:
        return "from 0" if verdict.measured else "none"
    return f"{(verdict.measured - verdict.baseline) / verdict.baseline:+.0%}"


def _origin(result: LoadResult) -> float:
    if result.started_at is not None:
        return result.started_at
    return min([p.t for p in result.timeline] + [s.t for s in result.resources], default=0.0)


def _layout(figure: go.Figure, height: int) -> go.Figure:
    figure.update_layout(
        template="plotly_white", height=height, hovermode="x unified",
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"})
    return figure


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(text: str) -> str:
    """Text for markdown: one line, no raw HTML, pipes escaped."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")
