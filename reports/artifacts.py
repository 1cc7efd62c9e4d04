"""Prefect artifacts of a finished run: a markdown summary, a failures table and links.

Artifact keys are stable per suite and environment
(``qatron-<suite>-<environment>-summary`` and so on), so the Prefect UI
keeps one history per suite/environment pair across runs.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from prefect.artifacts import (
    create_link_artifact,
    create_markdown_artifact,
    create_table_artifact,
)

from qatron.models import RunSummary, ShardResult, TestResult
from reports.coverage import coverage_markdown
from reports.html import format_duration, format_rate, pass_rate
from reports.journeys import journey_markdown
from reports.load import load_markdown

MESSAGE_CHARS = 300
SLOWEST_COUNT = 5


def artifact_key(summary: RunSummary, kind: str) -> str:
    """``qatron-<suite>-<environment>-<kind>`` in lowercase letters, digits and dashes."""
    raw = f"qatron-{summary.suite}-{summary.environment}-{kind}".lower()
    return re.sub(r"-{2,}", "-", re.sub(r"[^a-z0-9]+", "-", raw)).strip("-")


def publish_run_artifacts(
    summary: RunSummary, report_path: Path | None, junit_path: Path | None
) -> None:
    """Create the run's artifacts in the current Prefect flow run.

    Always a markdown summary; a table of failures when there are any; a link
    to the HTML report and one to the JUnit XML when their paths are given.
    The calls are forced synchronous (``_sync=True``) so that they also run
    when called from an async flow.
    """
    description = _description(summary)
    create_markdown_artifact(
        key=artifact_key(summary, "summary"),
        markdown=summary_markdown(summary),
        description=description,
        _sync=True,
    )
    rows = failure_rows(summary)
    if rows:
        create_table_artifact(
            key=artifact_key(summary, "failures"), table=rows, description=description, _sync=True
        )
    links = (("report", report_path, "HTML report"), ("junit", junit_path, "JUnit XML"))
    for kind, path, text in links:
        if path is not None:
            create_link_artifact(
                key=artifact_key(summary, kind),
                link=Path(path).resolve().as_uri(),
                link_text=f"{text} of run {summary.run_id}",
                description=description,
                _sync=True,
            )


def failure_rows(summary: RunSummary) -> list[dict[str, str | int]]:
    """One table row per failed or errored test, its message trimmed."""
    return [
        {
            "nodeid": result.nodeid,
            "outcome": result.outcome.value,
            "attempts": result.attempts,
            "message": _trim(result.message, MESSAGE_CHARS),
        }
        for result in summary.results
        if result.outcome.is_failure
    ]


def summary_markdown(summary: RunSummary) -> str:
    """Markdown summary of a run: status, counts, shards, journeys and the slowest tests."""
    sections = [
        _heading(summary),
        *filter(None, [coverage_markdown(summary.coverage)]),
        _counts_table(summary.counts()),
        _shards_table(summary.shards),
        *filter(None, [journey_markdown(summary.journeys)]),
        *filter(None, [load_markdown(summary.load_tests)]),
        _slowest_table(summary.results),
    ]
    return "\n\n".join(sections) + "\n"


def _description(summary: RunSummary) -> str:
    return (
        f"QAtron run {summary.run_id}: {summary.project} / {summary.suite}"
        f" @ {summary.environment} ({summary.status.value})"
    )


def _heading(summary: RunSummary) -> str:
    facts = [
        f"**Status:** `{summary.status.value}`",
        f"**Duration:** {format_duration(summary.duration) if summary.finished_at else '—'}",
        f"**Branch:** {_code(summary.branch) if summary.branch else '—'}",
        f"**Commit:** {_code(summary.commit[:12]) if summary.commit else '—'}",
    ]
    title = (
        f"# QAtron run {summary.run_id}: {_text(summary.project)} / {_text(summary.suite)}"
        f" @ {_text(summary.environment)}"
    )
    lines = [title, "", " · ".join(facts)]
    if summary.message:
        lines += ["", f"> {_text(summary.message)}"]
    return "\n".join(lines)


def _counts_table(counts: dict[str, int]) -> str:
    rows = [
        ("Total", counts["total"]),
        ("Passed", counts["passed"]),
        ("Failed", counts["failed"]),
        ("Errors", counts["error"]),
        ("Skipped", counts["skipped"]),
        ("Xfailed", counts["xfailed"]),
        ("Xpassed", counts["xpassed"]),
        ("Flaky", counts["flaky"]),
        ("Pass rate", format_rate(pass_rate(counts))),
    ]
    body = "\n".join(f"| {label} | {value} |" for label, value in rows)
    return f"## Results\n\n| Outcome | Count |\n|---|---:|\n{body}"


def _shards_table(shards: list[ShardResult]) -> str:
    if not shards:
        return "## Shards\n\nNo shards."
    header = (
        "| Shard | Status | Tests run / planned | Failed | Duration | Exit code | Message |\n"
        "|---|---|---:|---:|---:|---:|---|"
    )
    return "## Shards\n\n" + "\n".join([header, *(_shard_row(shard) for shard in shards)])


def _shard_row(shard: ShardResult) -> str:
    counts = shard.counts()
    exit_code = "—" if shard.exit_code is None else str(shard.exit_code)
    cells = [
        f"{shard.index}/{shard.count}",
        f"`{shard.status.value}`",
        f"{counts['total']} / {len(shard.nodeids)}",
        str(counts["failed"] + counts["error"]),
        format_duration(shard.duration),
        exit_code,
        _text(shard.message),
    ]
    return "| " + " | ".join(cells) + " |"


def _slowest_table(results: list[TestResult]) -> str:
    slowest = sorted(results, key=lambda r: r.duration, reverse=True)[:SLOWEST_COUNT]
    if not slowest:
        return "## Slowest tests\n\nNo tests."
    rows = "\n".join(
        f"| {_code(r.nodeid)} | `{r.outcome.value}` | {format_duration(r.duration)} |"
        for r in slowest
    )
    return f"## Slowest tests\n\n| Test | Outcome | Duration |\n|---|---|---:|\n{rows}"


def _text(text: str) -> str:
    """Plain text safe in a markdown table cell: HTML-escaped, one line, pipes escaped."""
    one_line = " ".join(text.split())
    return html.escape(one_line, quote=False).replace("|", "\\|")


def _code(text: str) -> str:
    """A markdown code span (one line, pipes escaped for tables)."""
    one_line = " ".join(text.split()).replace("|", "\\|")
    fence = "``" if "`" in one_line else "`"
    pad = " " if fence == "``" else ""
    return f"{fence}{pad}{one_line}{pad}{fence}"


def _trim(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
