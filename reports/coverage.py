"""A run's line and branch coverage for people and CI: an HTML card, a markdown line,
JUnit properties.

Each takes the run's :class:`~qatron.coverage_summary.CoverageSummary`, or None
when the run did not measure coverage (then the card and line are empty).
"""

from __future__ import annotations

import html

from qatron.coverage_summary import CoverageSummary, format_percent

LOWEST_FILES = 8
GOOD, SHORT, UNSET = "#2f9e5b", "#d64545", "#2b6cb0"


def coverage_section(summary: CoverageSummary | None) -> str:
    """An HTML ``<section>`` for the run report: percent against threshold, lowest files."""
    if summary is None:
        return ""
    color = UNSET if summary.threshold is None else SHORT if summary.below_threshold else GOOD
    branch = summary.branch_percent
    branches = ("" if branch is None else f' <span class="pill" style="background:{UNSET}">'
                f"branches {format_percent(branch)}%</span>")
    head = (f'<h2>Coverage <span class="pill" style="background:{color}">'
            f"{format_percent(summary.percent)}%</span>{branches}</h2>"
            f'<p class="msg">{_esc(_facts(summary))}</p>')
    lowest = summary.lowest(LOWEST_FILES)
    if not lowest:
        return f'<section class="card coverage">{head}</section>'
    rows = "".join(
        f'<tr><td><code>{_esc(path)}</code></td><td class="num">{covered} / {total}</td>'
        f'<td class="num">{format_percent(100.0 * covered / total)}%</td></tr>'
        for path, covered, total in lowest)
    table = ('<table><thead><tr><th>Least covered files</th><th class="num">Lines run</th>'
             f'<th class="num">Covered</th></tr></thead><tbody>{rows}</tbody></table>')
    return f'<section class="card coverage">{head}{table}</section>'


def coverage_markdown(summary: CoverageSummary | None) -> str:
    """One markdown line for the run's summary artifact ("" without coverage)."""
    if summary is None:
        return ""
    verdict = " **below threshold**" if summary.below_threshold else ""
    branch = summary.branch_percent
    branches = "" if branch is None else f"; branches {format_percent(branch)}%"
    return (f"**Coverage:** {format_percent(summary.percent)}%{verdict}{branches}"
            f" — {_facts(summary)}")


def coverage_properties(summary: CoverageSummary | None) -> dict[str, object]:
    """``qatron.coverage.*`` properties for each JUnit ``<testsuite>`` ({} without coverage)."""
    if summary is None:
        return {}
    branch = summary.branch_percent
    return {"qatron.coverage.percent": format_percent(summary.percent),
            "qatron.coverage.branch_percent": None if branch is None else format_percent(branch),
            "qatron.coverage.layer": summary.layer,
            "qatron.coverage.threshold": summary.threshold}


def _facts(summary: CoverageSummary) -> str:
    files = len(summary.files)
    text = f"{summary.covered} of {summary.statements} statements run"
    if summary.branches is not None:
        text += f", {summary.covered_branches} of {summary.branches} branches taken"
    text += f" in {files} file{'s' if files != 1 else ''}, layer {summary.layer}"
    if summary.threshold is None:
        return f"{text}; no threshold"
    enforced = "enforced" if summary.enforced else "reported only"
    return f"{text}; threshold {summary.threshold:.1f}% ({enforced})"


def _esc(text: str) -> str:
    return html.escape(text, quote=True)
