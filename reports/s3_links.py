"""Prefect artifacts of a run folder copied to S3: links that work without credentials.

The HTML report and JUnit XML links take the keys the run's local links have
(``qatron-<suite>-<environment>-report`` and ``-junit``), so the newest version of
each key opens the copy in S3; a markdown artifact (``-s3``) lists every file
uploaded, each a presigned link valid for ``results.artifacts.presign_expiry``.
"""

from __future__ import annotations

from prefect.artifacts import create_link_artifact, create_markdown_artifact

from qatron.models import RunSummary
from reports.artifacts import artifact_key

#: The files that get a link artifact of their own, with their link text.
LINKED = {"report.html": ("report", "HTML report"), "junit.xml": ("junit", "JUnit XML")}


def publish_s3_links(summary: RunSummary, links: dict[str, str], where: str,
                     expiry: int) -> None:
    """Link artifacts for the report and JUnit XML and a table of every uploaded file.

    ``links`` maps each path in the run folder to its presigned URL; ``where`` is the
    run's ``s3://`` prefix; ``expiry`` how long the links stay valid, in seconds.
    """
    valid = f"valid {_duration(expiry)}"
    description = f"QAtron run {summary.run_id} in {where} (links {valid})"
    for path, (kind, text) in LINKED.items():
        if path in links:
            create_link_artifact(key=artifact_key(summary, kind), link=links[path],
                                 link_text=f"{text} of run {summary.run_id} (S3, {valid})",
                                 description=description, _sync=True)
    rows = "\n".join(f"| [{path}]({url}) |" for path, url in sorted(links.items()))
    create_markdown_artifact(
        key=artifact_key(summary, "s3"), description=description, _sync=True,
        markdown=f"## Run {summary.run_id} in S3\n\n`{where}` · links {valid}\n\n"
                 f"| File |\n|---|\n{rows}\n")


def _duration(seconds: int) -> str:
    if seconds % 86400 == 0:
        return f"{seconds // 86400} day(s)"
    if seconds % 3600 == 0:
        return f"{seconds // 3600} hour(s)"
    return f"{seconds} s"
