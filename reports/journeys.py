"""A run's journeys for people: an HTML section of the run report and a markdown section.

For each journey the HTML shows a timeline (a row per application, a bar per step,
coloured by the step's status), its steps and the values that flowed between them.
Values are shown as the engine stored them: secrets already masked (``***``). Tracebacks
and output stay in the report's failures table; all text is escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from qatron.journeys.models import JourneyResult, StepResult, StepStatus
from reports.html import FigureEmbedder, format_duration

#: Colour of each step status (the report's outcome colours; "down" as infra failures).
STEP_COLORS = {
    StepStatus.PASSED: "#2f9e5b",
    StepStatus.FAILED: "#d64545",
    StepStatus.DOWN: "#6b46c1",
    StepStatus.SKIPPED: "#a0aab4",
    StepStatus.CANCELLED: "#718096",
}
#: Longest value shown in the table of values that flowed.
VALUE_CHARS = 120
#: Width of a step that never ran, as a share of the journey's span (a thin marker).
MARKER_SHARE = 0.01
ARROW = "→"


@dataclass(frozen=True)
class Flow:
    """One value that reached a step: from which step(s), into which input, what value."""

    sources: list[str]
    target: str
    input: str
    value: str

    def text(self) -> str:
        """``user-service.test_login → payment-service.test_create_payment: headers.A = ***``"""
        source = ", ".join(self.sources) or "—"
        return f"{source} {ARROW} {self.target}: {self.input} = {self.value}"


def journey_section(journeys: Sequence[JourneyResult],
                    embed: Callable[[go.Figure], str] | None = None) -> str:
    """An HTML ``<section>`` per journey: timeline, steps and the values that flowed.

    ``embed`` renders a figure (the report's :class:`~reports.html.FigureEmbedder`, so
    plotly.js is embedded once); "" when there are no journeys.
    """
    embed = embed or FigureEmbedder()
    return "\n".join(_journey_card(journey, embed) for journey in journeys)


def journey_figure(journey: JourneyResult) -> go.Figure:
    """A row per application, a bar per step at its seconds since the journey started.

    A step that never ran (skipped, down, cancelled before it started) is a thin bar
    where the steps it waited for ended.
    """
    origin = min((s.started_at for s in journey.steps if s.started_at is not None), default=0.0)
    ends = {s.step: s.finished_at - origin for s in journey.steps if s.finished_at is not None}
    marker = max(max(ends.values(), default=0.0) * MARKER_SHARE, 0.05)
    apps = list(dict.fromkeys(s.app for s in journey.steps))
    figure = go.Figure()
    for status in StepStatus:
        steps = [s for s in journey.steps if s.status is status]
        if steps:
            figure.add_trace(_step_trace(status, steps, origin, ends, marker))
    figure.update_yaxes(type="category", categoryorder="array", categoryarray=apps,
                        autorange="reversed")
    figure.update_xaxes(title_text="seconds since the journey started", rangemode="tozero")
    figure.update_layout(
        template="plotly_white", height=110 + 46 * max(len(apps), 1), barmode="overlay",
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"})
    return figure


def flows(journey: JourneyResult) -> list[Flow]:
    """The values that reached each step, in step order, from its (masked) ``inputs``.

    A value's source is the step it waited for whose outputs hold that value; all the
    steps it waited for when none or several do.
    """
    by_id = {s.step: s for s in journey.steps}
    found = []
    for step in journey.steps:
        for name, value in _leaves(step.inputs):
            sources = [need for need in step.needs
                       if need in by_id and value in list(_nodes(by_id[need].outputs))]
            found.append(Flow(sources if len(sources) == 1 else list(step.needs), step.step,
                              name, _value_text(value)))
    return found


def journey_markdown(journeys: Sequence[JourneyResult]) -> str:
    """A markdown section per journey for the run's summary artifact ("" without any)."""
    sections = []
    for journey in journeys:
        rows = "\n".join(
            f"| {_code(s.step)} | {_cell(s.app)} | `{s.status.value}` | {_cell(s.reason)} |"
            for s in journey.steps)
        verdict = "passed" if journey.passed else "**not passed**"
        sections.append(f"## Journey {_cell(journey.name)}: {verdict}\n\n"
                        f"| Step | Application | Status | Reason |\n|---|---|---|---|\n{rows}")
    return "\n\n".join(sections)


def _journey_card(journey: JourneyResult, embed: Callable[[go.Figure], str]) -> str:
    verdict = "passed" if journey.passed else "not passed"
    color = STEP_COLORS[StepStatus.PASSED if journey.passed else StepStatus.FAILED]
    head = (f'<h2>Journey {_esc(journey.name)} <span class="pill" style="background:{color}">'
            f"{verdict}</span></h2>")
    if not journey.steps:
        return f'<section class="card journey">{head}<p class="empty">No steps.</p></section>'
    return (f'<section class="card journey">{head}{embed(journey_figure(journey))}'
            f"{_steps_table(journey.steps)}{_flows_table(flows(journey))}</section>")


def _step_trace(status: StepStatus, steps: list[StepResult], origin: float,
                ends: dict[str, float], marker: float) -> go.Bar:
    bases, widths = zip(*(_span(s, origin, ends, marker) for s in steps), strict=True)
    return go.Bar(
        name=status.value, orientation="h", y=[s.app for s in steps], base=list(bases),
        x=list(widths), width=0.5,
        marker={"color": STEP_COLORS[status], "line": {"color": "#ffffff", "width": 0.5}},
        customdata=[[_plot_text(s.step), status.value, _plot_text(s.reason or "—"),
                     s.attempts, format_duration(s.duration)] for s in steps],
        hovertemplate=("%{customdata[0]}<br>%{customdata[1]} · %{customdata[4]} · "
                       "%{customdata[3]} attempt(s)<br>%{customdata[2]}<extra></extra>"))


def _span(step: StepResult, origin: float, ends: dict[str, float],
          marker: float) -> tuple[float, float]:
    """(start, width) of a step's bar, in seconds since the journey started."""
    if step.started_at is not None:
        return step.started_at - origin, max(step.duration, marker)
    return max((ends.get(need, 0.0) for need in step.needs), default=0.0), marker


def _steps_table(steps: list[StepResult]) -> str:
    rows = "".join(
        f"<tr><td><code>{_esc(s.step)}</code></td><td>{_esc(s.app)}</td>"
        f"<td><code>{_esc(s.test)}</code></td>"
        f'<td><span class="pill" style="background:{STEP_COLORS[s.status]}">'
        f"{_esc(s.status.value)}</span></td>"
        f'<td class="msg">{_esc(s.reason)}</td><td class="num">{s.attempts}</td>'
        f'<td class="num">{format_duration(s.duration if s.started_at else None)}</td></tr>'
        for s in steps)
    return ("<table><thead><tr><th>Step</th><th>Application</th><th>Test</th><th>Status</th>"
            '<th>Reason</th><th class="num">Attempts</th><th class="num">Duration</th></tr>'
            f"</thead><tbody>{rows}</tbody></table>")


def _flows_table(found: list[Flow]) -> str:
    if not found:
        return '<p class="empty">No values flowed between the steps.</p>'
    rows = "".join(
        f"<tr><td><code>{_esc(', '.join(f.sources) or '—')}</code></td><td>{ARROW}</td>"
        f"<td><code>{_esc(f.target)}</code></td><td><code>{_esc(f.input)}</code></td>"
        f'<td class="msg"><code>{_esc(f.value)}</code></td></tr>'
        for f in found)
    return ("<h3>Values that flowed</h3><table><thead><tr><th>From</th><th></th><th>To</th>"
            f"<th>Input</th><th>Value</th></tr></thead><tbody>{rows}</tbody></table>")


def _leaves(value: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted name, value) of each input; nested mappings are names with dots."""
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            yield from _leaves(item, f"{name}.")
        else:
            yield name, item


def _nodes(value: Any) -> Iterator[Any]:
    """The value and every value inside it."""
    yield value
    items = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
    for item in items:
        yield from _nodes(item)


def _value_text(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str, ensure_ascii=False)
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _plot_text(text: str) -> str:
    """Escape text for Plotly labels, which interpret a subset of HTML tags."""
    return html.escape(text, quote=False)


def _cell(text: str) -> str:
    """Text for a markdown table cell: one line, no raw HTML, pipes escaped."""
    return html.escape(" ".join(text.split()), quote=False).replace("|", "\\|")


def _code(text: str) -> str:
    one_line = " ".join(text.split()).replace("|", "\\|")
    fence = "``" if "`" in one_line else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"
