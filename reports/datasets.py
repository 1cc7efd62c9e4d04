"""A dataset validation for people: an HTML section of the run report, a markdown artifact.

Both list the failed expectations first, with a few of the bad values, and
escape every value that came from the data.
"""

from __future__ import annotations

import html

from qatron.datasets.report import DatasetReport, rows_text


def dataset_section(report: DatasetReport) -> str:
    """An HTML ``<section>`` for the run report: verdict, then the failed expectations."""
    verdict = "healthy" if report.success else "unhealthy"
    color = "#2f9e5b" if report.success else "#d64545"
    facts = [f"{report.evaluated - report.failed} of {report.evaluated} expectations met"]
    if report.rows is not None:
        facts.append(rows_text(report.rows))
    if report.content_hash:
        facts.append(f"sha256 {report.content_hash[:12]}")
    head = (f'<h2>Dataset {_esc(report.dataset)} <span class="pill" '
            f'style="background:{color}">{verdict}</span></h2>'
            f'<p class="msg">{_esc(" · ".join(facts))}</p>')
    failed = report.failed_outcomes
    if not failed:
        return f'<section class="card dataset">{head}</section>'
    rows = "".join(
        f"<tr><td><code>{_esc(o.expectation)}</code></td><td>{_esc(o.target)}</td>"
        f'<td class="num">{_esc(o.unexpected())}</td><td class="msg">{_esc(o.evidence())}</td></tr>'
        for o in failed)
    table = ('<table><thead><tr><th>Failed expectation</th><th>Column</th>'
             '<th class="num">Unexpected</th><th>Bad values / observed</th></tr></thead>'
             f"<tbody>{rows}</tbody></table>")
    return f'<section class="card dataset">{head}{table}</section>'


def dataset_markdown(report: DatasetReport) -> str:
    """The validation as a Prefect markdown artifact: every expectation, failed ones first."""
    verdict = "healthy" if report.success else "UNHEALTHY"
    lines = [f"# Dataset {_cell(report.dataset)}: {verdict}",
             f"{report.evaluated - report.failed} of {report.evaluated} expectations met"
             + (f" on {rows_text(report.rows)}" if report.rows is not None else "")
             + (f"; sha256 `{report.content_hash[:12]}`" if report.content_hash else "")
             + (f"; `{_cell(report.source)}`" if report.source else "") + ".",
             *[f"> {_cell(note)}" for note in report.notes], "",
             "| result | expectation | column | arguments | unexpected | bad values / observed |",
             "| --- | --- | --- | --- | --- | --- |"]
    ordered = sorted(report.results, key=lambda outcome: outcome.success)
    lines += ["| " + " | ".join([
        "ok" if o.success else "**FAILED**", f"`{o.expectation}`", _cell(o.target),
        _cell(o.arguments()), _cell(o.unexpected()), _cell(o.evidence())]) + " |"
        for o in ordered]
    return "\n".join(lines)


def _esc(text: str) -> str:
    return html.escape(text, quote=True)


def _cell(text: str) -> str:
    """Text for a markdown table cell: no table breaks, no raw HTML."""
    return html.escape(text, quote=False).replace("|", "\\|").replace("\n", " ")
