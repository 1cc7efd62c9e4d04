"""Self-contained offline HTML quality report of a finished run.

One HTML file with inline CSS and plotly.js embedded exactly once (by the
first figure), so it opens anywhere without network access: header, summary
tiles, an outcome donut, the slowest tests, the history of the suite on the environment
(reports.history), a per-shard timeline, each journey's
steps (reports.journeys), and tables of failures, flaky tests, quarantined tests
and shards; a note lists the tests whose ids change between processes. All
run-supplied text is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import plotly.graph_objects as go

from qatron.models import Outcome, RunStatus, RunSummary, ShardResult, ShardStatus, TestResult
from qatron.quarantine import QuarantineMatch
from qatron.whole_files import write_whole
from reports.coverage import coverage_section
from reports.datasets import dataset_section
from reports.history import history_section

if TYPE_CHECKING:  # the store's classes: only their names are needed here
    from qatron.store.history import ScopeHistory

#: Colour of each result category; "flaky" is a passed test that needed a rerun.
CATEGORY_COLORS = {
    "passed": "#2f9e5b",
    "flaky": "#e0a526",
    "failed": "#d64545",
    "error": "#8e44ad",
    "skipped": "#a0aab4",
    "xfailed": "#6c8ebf",
    "xpassed": "#3aa7b5",
}
STATUS_COLORS = {
    RunStatus.COMPLETED: "#2f9e5b",
    RunStatus.FAILED: "#d64545",
    RunStatus.PARTIAL_FAILED: "#e07b24",
    RunStatus.TIMED_OUT: "#b7791f",
    RunStatus.INFRA_FAILED: "#6b46c1",
    RunStatus.DATASET_FAILED: "#c05621",
    RunStatus.CANCELLED: "#718096",
}
SHARD_STATUS_COLORS = {
    ShardStatus.PASSED: "#2f9e5b",
    ShardStatus.FAILED: "#d64545",
    ShardStatus.TIMED_OUT: "#b7791f",
    ShardStatus.INFRA_FAILED: "#6b46c1",
    ShardStatus.CANCELLED: "#718096",
}
IN_PROGRESS_COLOR = "#2b6cb0"
UNSTABLE_ID_COLOR = "#b7791f"
#: The pill beside a test that ran under another id than the one planned.
UNSTABLE_ID_LABEL = "id not stable between processes"
SLOWEST_COUNT = 15
LABEL_CHARS = 70
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}
FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif'

CSS = """
*{box-sizing:border-box}
body{margin:0;background:#f4f6f9;color:#1f2933;font:14px/1.45 FONT_STACK}
main{max-width:1280px;margin:0 auto;padding:24px}
header.run{background:#fff;border-radius:10px;padding:20px 24px;box-shadow:0 1px 3px #0001}
header.run h1{margin:0 0 4px;font-size:22px;display:flex;align-items:center;gap:12px;flex-wrap:wrap}
header.run .sub{color:#52606d;font-size:15px}
.badge{display:inline-block;padding:3px 12px;border-radius:999px;color:#fff;font-size:13px;
  font-weight:600;letter-spacing:.03em;text-transform:uppercase}
.pill{display:inline-block;padding:1px 8px;border-radius:999px;color:#fff;font-size:12px;
  font-weight:600;white-space:nowrap}
dl.meta{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:8px 20px;
  margin:16px 0 0}
dl.meta div{min-width:0}
dl.meta dt{color:#7b8794;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
dl.meta dd{margin:0;font-weight:500;overflow-wrap:anywhere}
.notice{margin-top:14px;padding:10px 14px;border-left:4px solid #e07b24;background:#fff8ef;
  border-radius:4px;white-space:pre-wrap}
.tiles{display:grid;grid-template-columns:repeat(auto-fit,minmax(130px,1fr));gap:12px;margin:18px 0}
.tile{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 3px #0001;
  border-top:4px solid #cbd2d9}
.tile .value{font-size:28px;font-weight:700;line-height:1.1}
.tile .label{color:#616e7c;font-size:12px;text-transform:uppercase;letter-spacing:.05em}
section.card{background:#fff;border-radius:10px;padding:16px 20px;margin:0 0 18px;
  box-shadow:0 1px 3px #0001;min-width:0}
section.card h2{margin:0 0 10px;font-size:17px}
.row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:18px}
.row>section.card{margin-bottom:18px}
.empty{color:#7b8794;font-style:italic;margin:8px 0}
table{width:100%;border-collapse:collapse;font-size:13px}
th{text-align:left;color:#52606d;font-weight:600;border-bottom:2px solid #e4e7eb;padding:6px 8px}
td{border-bottom:1px solid #eef0f3;padding:6px 8px;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
code,pre{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"Liberation Mono",monospace}
td code{font-size:12px;overflow-wrap:anywhere}
.msg{overflow-wrap:anywhere}
.attachments{margin-top:6px}.attachments a{margin-right:8px}
.thumb{max-width:160px;max-height:100px;border:1px solid #d9e2ec;border-radius:4px}
details{margin-top:4px}
summary{cursor:pointer;color:#2b6cb0;font-size:12px}
pre{background:#1f2933;color:#e4e7eb;padding:10px 12px;border-radius:6px;overflow:auto;
  max-height:420px;font-size:12px;white-space:pre-wrap;overflow-wrap:anywhere}
footer{color:#7b8794;font-size:12px;text-align:center;padding:8px 0 24px}
@media (max-width:900px){.row{grid-template-columns:1fr}}
""".replace("FONT_STACK", FONT)


def write_html_report(summary: RunSummary, path: Path,
                      history: ScopeHistory | None = None) -> Path:
    """Write the offline HTML report of ``summary`` to ``path``; return ``path``.

    ``history``: the earlier runs of the suite on the environment, for the history section.
    """
    return write_whole(Path(path), render_html(summary, history))


def warm_up() -> None:
    """Load Plotly's figure machinery now (about a second) so the report is quick later.

    The run-suite flow calls it while the shards run and its own thread is idle.
    """
    render_html(RunSummary(run_id=0, project="", suite="", environment="",
                           status=RunStatus.COMPLETED))


def render_html(summary: RunSummary, history: ScopeHistory | None = None) -> str:
    """Return the report of ``summary`` (with ``history``'s section) as one HTML document."""
    embed = FigureEmbedder()
    counts = summary.counts()
    body = "\n".join(
        [
            _header(summary),
            _tiles(counts),
            *(dataset_section(report) for report in summary.datasets),
            coverage_section(summary.coverage),
            '<div class="row">',
            _card("Outcomes", embed(outcome_donut(counts))),
            _card("Slowest tests", _figure_or_empty(embed, slowest_figure(summary.results))),
            "</div>",
            history_section(summary, history, embed),
            _card("Shard timeline", _figure_or_empty(embed, timeline_figure(summary))),
            _journeys(summary, embed),
            _load_tests(summary, embed),
            _features(summary),
            _card("Failures", _failures_table(summary.results, summary.run_dir)),
            _card("Failures by cause", clusters_table(summary)),
            _card("Flaky tests", _flaky_table(summary.results)),
            _unstable_ids_note(summary.results),
            _card("Quarantined", quarantine_table(summary)),
            _card("Shards", _shards_table(summary.shards)),
            f"<footer>Generated by QAtron on {_clock(datetime.now(UTC).timestamp())}"
            " &middot; self-contained, works offline</footer>",
        ]
    )
    title = (
        f"QAtron · {summary.project} · {summary.suite} @ {summary.environment}"
        f" · run {summary.run_id}"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<main>\n{body}\n</main>\n</body>\n</html>\n"
    )


def _journeys(summary: RunSummary, embed: FigureEmbedder) -> str:
    """The journeys' sections ("" when the run had none)."""
    if not summary.journeys:
        return ""
    from reports.journeys import journey_section  # it builds on this module's helpers

    return journey_section(summary.journeys, embed)


def _load_tests(summary: RunSummary, embed: FigureEmbedder) -> str:
    """The load tests' sections ("" when the run had none)."""
    if not summary.load_tests:
        return ""
    from reports.load import load_section  # it builds on this module's helpers

    return load_section(summary.load_tests, embed)


def _features(summary: RunSummary) -> str:
    """The pytest-bdd features' sections ("" when no result is a scenario): the run's
    ``features`` (with the scenarios it did not run), else what the results name."""
    if not summary.features and not any(result.scenario for result in summary.results):
        return ""
    from qatron.features import statuses_from_results
    from reports.features import features_section

    return features_section(summary.features or statuses_from_results(summary.results))


class FigureEmbedder:
    """Render figures as HTML fragments, embedding plotly.js with the first one only."""

    def __init__(self) -> None:
        self.embedded = False

    def __call__(self, figure: go.Figure) -> str:
        fragment = figure.to_html(
            full_html=False,
            include_plotlyjs=not self.embedded,
            config=PLOTLY_CONFIG,
            default_height=f"{figure.layout.height or 360}px",
        )
        self.embedded = True
        return fragment


def category(result: TestResult) -> str:
    """The colour category of a result: its outcome, or "flaky" for a passed rerun."""
    if result.flaky and result.outcome is Outcome.PASSED:
        return "flaky"
    return result.outcome.value


def pass_rate(counts: dict[str, int]) -> float | None:
    """Passed share of tests with a verdict (skips and xfails excluded), or None."""
    passed = counts["passed"] + counts["xpassed"]
    judged = passed + counts["failed"] + counts["error"]
    return passed / judged if judged else None


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


def format_duration(seconds: float | None) -> str:
    """Human duration: ``850 ms``, ``4.2 s``, ``3 m 07 s``, ``1 h 02 m``."""
    if seconds is None:
        return "—"
    if seconds < 1:
        return f"{seconds * 1000:.0f} ms"
    if seconds < 60:
        return f"{seconds:.1f} s"
    minutes, secs = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes} m {secs:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} m"


def shard_label(shard: ShardResult) -> str:
    return f"shard {shard.index}/{shard.count} ({shard.status.value})"


def outcome_donut(counts: dict[str, int]) -> go.Figure:
    """Donut of results per category, with the pass rate in the hole."""
    values = dict(counts)
    values["passed"] -= counts["flaky"]
    labels = [name for name in CATEGORY_COLORS if values.get(name)]
    figure = go.Figure(
        go.Pie(
            labels=labels,
            values=[values[name] for name in labels],
            marker={"colors": [CATEGORY_COLORS[name] for name in labels]},
            hole=0.6,
            sort=False,
            textinfo="value",
            hovertemplate="%{label}: %{value} (%{percent})<extra></extra>",
        )
    )
    centre = f"{format_rate(pass_rate(counts))}<br>pass rate" if labels else "no tests"
    figure.add_annotation(text=centre, showarrow=False, font={"size": 16})
    return _styled(figure, height=320, legend={"orientation": "h", "y": -0.05})


def slowest_figure(results: Iterable[TestResult], top: int = SLOWEST_COUNT) -> go.Figure | None:
    """Horizontal bars of the ``top`` slowest tests, slowest on top; None if no timings."""
    timed = sorted((r for r in results if r.duration > 0), key=lambda r: r.duration)[-top:]
    if not timed:
        return None
    nodeids = [_plot_text(r.nodeid) for r in timed]
    figure = go.Figure(
        go.Bar(
            orientation="h",
            x=[r.duration for r in timed],
            y=nodeids,
            marker={"color": [CATEGORY_COLORS[category(r)] for r in timed]},
            customdata=[[category(r), format_duration(r.duration)] for r in timed],
            hovertemplate="%{y}<br>%{customdata[0]} · %{customdata[1]}<extra></extra>",
        )
    )
    figure.update_yaxes(
        tickmode="array",
        tickvals=nodeids,
        ticktext=[_plot_text(_short(r.nodeid)) for r in timed],
        tickfont={"family": "monospace", "size": 11},
    )
    figure.update_xaxes(title_text="seconds")
    return _styled(figure, height=90 + 24 * len(timed), showlegend=False)


def timeline_figure(summary: RunSummary) -> go.Figure | None:
    """Gantt-like chart: a row per shard, a bar per test coloured by its category.

    Each shard's own span is drawn as a wide pale bar behind its tests; tests
    without a start time are left out. None if nothing has a time.
    """
    origin = _time_origin(summary)
    if origin is None:
        return None
    labels = [shard_label(shard) for shard in summary.shards]
    figure = go.Figure(_shard_span_trace(summary.shards, origin))
    by_category: dict[str, list[tuple[str, TestResult]]] = {}
    for shard, label in zip(summary.shards, labels, strict=True):
        for result in shard.results:
            if result.started_at is not None:
                by_category.setdefault(category(result), []).append((label, result))
    for name in CATEGORY_COLORS:
        if name in by_category:
            figure.add_trace(_test_trace(name, by_category[name], origin))
    figure.update_yaxes(
        type="category", categoryorder="array", categoryarray=labels, autorange="reversed"
    )
    figure.update_xaxes(title_text="seconds since run start", rangemode="tozero")
    height = 110 + 46 * max(len(labels), 1)
    return _styled(
        figure,
        height=height,
        barmode="overlay",
        legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        margin={"t": 50},
    )


def _time_origin(summary: RunSummary) -> float | None:
    starts = [shard.started_at for shard in summary.shards if shard.started_at is not None]
    starts += [r.started_at for r in summary.results if r.started_at is not None]
    if summary.started_at is not None:
        starts.append(summary.started_at)
    return min(starts) if starts else None


def _shard_span_trace(shards: list[ShardResult], origin: float) -> go.Bar:
    spans = [s for s in shards if s.started_at is not None and s.finished_at is not None]
    colors = [SHARD_STATUS_COLORS.get(s.status, IN_PROGRESS_COLOR) for s in spans]
    return go.Bar(
        name="shard span",
        showlegend=False,
        orientation="h",
        y=[shard_label(s) for s in spans],
        base=[s.started_at - origin for s in spans],
        x=[s.duration for s in spans],
        width=0.8,
        marker={"color": [_translucent(c, 0.16) for c in colors], "line": {"width": 0}},
        customdata=[[format_duration(s.duration), _plot_text(s.message)] for s in spans],
        hovertemplate="%{y}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
    )


def _test_trace(name: str, rows: list[tuple[str, TestResult]], origin: float) -> go.Bar:
    return go.Bar(
        name=name,
        orientation="h",
        y=[label for label, _ in rows],
        base=[r.started_at - origin for _, r in rows],
        x=[_test_span(r) for _, r in rows],
        width=0.5,
        marker={"color": CATEGORY_COLORS[name], "line": {"color": "#ffffff", "width": 0.5}},
        customdata=[[_plot_text(r.nodeid), format_duration(r.duration)] for _, r in rows],
        hovertemplate=(
            "%{customdata[0]}<br>" + name + " · %{customdata[1]}"
            "<br>start +%{base:.2f} s<extra></extra>"
        ),
    )


def _test_span(result: TestResult) -> float:
    if result.started_at is not None and result.finished_at is not None:
        return max(result.finished_at - result.started_at, 0.0)
    return result.duration


def _styled(figure: go.Figure, height: int, **layout: object) -> go.Figure:
    figure.update_layout(
        template="plotly_white",
        height=height,
        margin={"l": 10, "r": 10, "t": 30, "b": 10},
        font={"family": FONT, "size": 12},
    )
    figure.update_layout(**layout)
    return figure


def _figure_or_empty(embed: Callable[[go.Figure], str], figure: go.Figure | None) -> str:
    if figure is None:
        return '<p class="empty">No timing data recorded.</p>'
    return embed(figure)


def _header(summary: RunSummary) -> str:
    badge = _badge(summary.status.value, STATUS_COLORS.get(summary.status, IN_PROGRESS_COLOR))
    meta = {
        "Run id": str(summary.run_id),
        "Branch": summary.branch or "—",
        "Commit": (summary.commit or "—")[:12],
        "Started": _clock(summary.started_at),
        "Finished": _clock(summary.finished_at),
        "Duration": format_duration(summary.duration) if summary.finished_at else "—",
    }
    items = "".join(f"<div><dt>{_esc(k)}</dt><dd>{_esc(v)}</dd></div>" for k, v in meta.items())
    notice = f'<div class="notice">{_esc(summary.message)}</div>' if summary.message else ""
    return (
        f'<header class="run"><h1>{_esc(summary.project)} {badge}</h1>'
        f'<div class="sub">suite <b>{_esc(summary.suite)}</b> on environment '
        f"<b>{_esc(summary.environment)}</b></div>"
        f'<dl class="meta">{items}</dl>{notice}</header>'
    )


def _tiles(counts: dict[str, int]) -> str:
    tiles = [
        ("Total", counts["total"], "#52606d"),
        ("Passed", counts["passed"], CATEGORY_COLORS["passed"]),
        ("Failed", counts["failed"], CATEGORY_COLORS["failed"]),
        ("Errors", counts["error"], CATEGORY_COLORS["error"]),
        ("Skipped", counts["skipped"] + counts["xfailed"], CATEGORY_COLORS["skipped"]),
        ("Flaky", counts["flaky"], CATEGORY_COLORS["flaky"]),
        ("Pass rate", format_rate(pass_rate(counts)), "#2b6cb0"),
    ]
    cells = "".join(
        f'<div class="tile" style="border-top-color:{color}">'
        f'<div class="value">{_esc(str(value))}</div><div class="label">{label}</div></div>'
        for label, value, color in tiles
    )
    return f'<div class="tiles">{cells}</div>'


def _failures_table(results: list[TestResult], run_dir: str | None = None) -> str:
    failures = sorted(
        (r for r in results if r.outcome.is_failure), key=lambda r: (r.shard_index, r.nodeid)
    )
    if not failures:
        return '<p class="empty">No failures.</p>'
    rows = "".join(_failure_row(r, run_dir) for r in failures)
    return (
        '<table><thead><tr><th>Test</th><th>Outcome</th><th class="num">Attempts</th>'
        f'<th class="num">Shard</th><th>Message</th></tr></thead><tbody>{rows}</tbody></table>'
    )


def _failure_row(result: TestResult, run_dir: str | None = None) -> str:
    details = "".join(
        f"<details><summary>{label}</summary><pre>{_esc(text)}</pre></details>"
        for label, text in (("traceback", result.traceback), ("output", result.output_tail))
        if text
    ) + _attachments(result.attachments, run_dir)
    outcome = result.outcome.value
    return (
        f"<tr><td>{_test_name(result)}</td>"
        f"<td>{_pill(outcome, CATEGORY_COLORS[outcome])}</td>"
        f'<td class="num">{result.attempts}</td><td class="num">{result.shard_index}</td>'
        f'<td class="msg">{_esc(result.message)}{details}</td></tr>'
    )


def _attachments(paths: list[str], run_dir: str | None) -> str:
    """A failed test's evidence: PNGs as thumbnails linking to the file, others as links;
    paths relative to the run folder (the report's), others as file URLs."""
    links = []
    for path in paths:
        href = _esc(_href(Path(path), run_dir))
        inner = (f'<img src="{href}" alt="{_esc(Path(path).name)}" class="thumb">'
                 if path.lower().endswith(".png") else _esc(Path(path).name))
        links.append(f'<a href="{href}" target="_blank">{inner}</a>')
    return f'<div class="attachments">{" ".join(links)}</div>' if links else ""


def _href(path: Path, run_dir: str | None) -> str:
    if run_dir and path.is_relative_to(run_dir):
        return quote(path.relative_to(run_dir).as_posix())
    return path.as_uri() if path.is_absolute() else quote(path.as_posix())


def _flaky_table(results: list[TestResult]) -> str:
    flaky = sorted((r for r in results if r.flaky), key=lambda r: r.nodeid)
    if not flaky:
        return '<p class="empty">No flaky tests.</p>'
    rows = "".join(
        f"<tr><td><code>{_esc(r.nodeid)}</code></td><td>{_esc(r.outcome.value)}</td>"
        f'<td class="num">{r.attempts}</td><td class="num">{r.shard_index}</td>'
        f'<td class="num">{format_duration(r.duration)}</td></tr>'
        for r in flaky
    )
    return (
        '<table><thead><tr><th>Test</th><th>Final outcome</th><th class="num">Attempts</th>'
        '<th class="num">Shard</th><th class="num">Duration</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
    )


def _unstable_ids_note(results: list[TestResult]) -> str:
    """The tests that ran under another id than the one planned; nothing when none did."""
    unstable = sorted((r for r in results if r.unstable_id), key=lambda r: r.nodeid)
    if not unstable:
        return ""
    rows = "".join(
        f"<tr><td><code>{_esc(r.nodeid)}</code></td>"
        f"<td>{_pill(r.outcome.value, CATEGORY_COLORS[r.outcome.value])}</td>"
        f'<td class="num">{r.shard_index}</td></tr>'
        for r in unstable
    )
    return _card("Ids not stable between processes", (
        '<p class="empty">Each pytest process gives these tests a new id (a parameter from '
        "the clock or a random value), so they ran under another id than the one collected "
        "for the plan; their outcomes are their own. History and change-based selection "
        "cannot follow them from run to run: give such parameters a fixed id "
        "(<code>pytest.param(..., id=...)</code>).</p>"
        '<table><thead><tr><th>Test (id in its shard)</th><th>Outcome</th>'
        f'<th class="num">Shard</th></tr></thead><tbody>{rows}</tbody></table>'))


def _test_name(result: TestResult) -> str:
    """The test's node id, with a pill when it is not the id planned."""
    pill = f" {_pill(UNSTABLE_ID_LABEL, UNSTABLE_ID_COLOR)}" if result.unstable_id else ""
    return f"<code>{_esc(result.nodeid)}</code>{pill}"


def clusters_table(summary: RunSummary) -> str:
    """The run's failure clusters: category, owning team, count, tests and where to look."""
    if not summary.failure_clusters:
        return '<p class="empty">No failures to analyse.</p>'
    rows = "".join(
        f"<tr><td>{_pill(c.category, CATEGORY_COLORS['failed'])}</td><td>{_esc(c.team)}</td>"
        f"<td>{c.count}</td><td>{'<br>'.join(f'<code>{_esc(t)}</code>' for t in c.tests[:8])}"
        f"{'<br>…' if len(c.tests) > 8 else ''}</td>"
        f'<td class="msg">{_esc(c.suggestion)}</td><td><code>{_esc(c.id)}</code></td></tr>'
        for c in summary.failure_clusters)
    return (
        "<table><thead><tr><th>Category</th><th>Team</th><th>Failures</th><th>Tests</th>"
        f"<th>Where to look</th><th>Cluster</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def quarantine_table(summary: RunSummary) -> str:
    """Quarantined tests of the run (owner, reason, until, outcome); expired ones flagged."""
    if not summary.quarantine:
        return '<p class="empty">No quarantined tests.</p>'
    outcomes = {r.nodeid: r.outcome.value for r in summary.results}
    rows = "".join(_quarantine_row(m, outcomes.get(m.nodeid, "not run"))
                   for m in sorted(summary.quarantine, key=lambda m: m.nodeid))
    return (
        "<table><thead><tr><th>Test</th><th>Owner</th><th>Reason</th><th>Until</th>"
        f"<th>Outcome</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _quarantine_row(match: QuarantineMatch, outcome: str) -> str:
    expired = f" {_pill('expired', CATEGORY_COLORS['failed'])}" if match.expired else ""
    return (
        f"<tr><td><code>{_esc(match.nodeid)}</code></td><td>{_esc(match.owner)}</td>"
        f'<td class="msg">{_esc(match.reason)}</td><td>{_esc(match.until)}{expired}</td>'
        f"<td>{_pill(outcome, CATEGORY_COLORS.get(outcome, IN_PROGRESS_COLOR))}</td></tr>"
    )


def _shards_table(shards: list[ShardResult]) -> str:
    if not shards:
        return '<p class="empty">No shards.</p>'
    rows = "".join(_shard_row(shard) for shard in shards)
    return (
        '<table><thead><tr><th class="num">Shard</th><th>Status</th>'
        '<th class="num">Tests run / planned</th><th class="num">Failed</th>'
        '<th class="num">Duration</th><th class="num">Exit code</th><th>Message</th></tr>'
        f"</thead><tbody>{rows}</tbody></table>"
    )


def _shard_row(shard: ShardResult) -> str:
    counts = shard.counts()
    color = SHARD_STATUS_COLORS.get(shard.status, IN_PROGRESS_COLOR)
    exit_code = "—" if shard.exit_code is None else str(shard.exit_code)
    return (
        f'<tr><td class="num">{shard.index}/{shard.count}</td>'
        f"<td>{_pill(shard.status.value, color)}</td>"
        f'<td class="num">{counts["total"]} / {len(shard.nodeids)}</td>'
        f'<td class="num">{counts["failed"] + counts["error"]}</td>'
        f'<td class="num">{format_duration(shard.duration)}</td>'
        f'<td class="num">{exit_code}</td><td class="msg">{_esc(shard.message)}</td></tr>'
    )


def _card(title: str, content: str) -> str:
    return f'<section class="card"><h2>{_esc(title)}</h2>{content}</section>'


def _badge(text: str, color: str) -> str:
    return f'<span class="badge" style="background:{color}">{_esc(text.replace("_", " "))}</span>'


def _pill(text: str, color: str) -> str:
    return f'<span class="pill" style="background:{color}">{_esc(text.replace("_", " "))}</span>'


def _clock(timestamp: float | None) -> str:
    if timestamp is None:
        return "—"
    return datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _translucent(color: str, alpha: float) -> str:
    """``#rrggbb`` as an ``rgba()`` colour with the given opacity."""
    red, green, blue = (int(color[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red},{green},{blue},{alpha})"


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else "…" + text[-(limit - 1) :]


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _plot_text(text: str) -> str:
    """Escape text for Plotly labels, which interpret a subset of HTML tags."""
    return html.escape(text, quote=False)
