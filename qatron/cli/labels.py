"""``qatron label-failure``: say what a failure cluster really is, for later runs.

    qatron label-failure CLUSTER --category C --team T [--note TEXT] [--project DIR] [--json]

The cluster id is one ``qatron failures RUN_ID`` shows; the label is kept with the
cluster's fingerprint in the results store (see :mod:`qatron.failures.labels`), and
labelling the cluster again replaces it.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from qatron.cli.options import JsonOption, ProjectOption
from qatron.console import markup, out


def label_failure_command(
    cluster: Annotated[str, typer.Argument(
        metavar="CLUSTER", help="A cluster id, as `qatron failures RUN_ID` shows it.")],
    category: Annotated[str, typer.Option(
        "--category", help="What its failures are: a built-in category or one of "
                           "qatron.yml's failure_analysis.categories.")],
    team: Annotated[str, typer.Option("--team", help="The team that owns its failures.")],
    note: Annotated[str, typer.Option("--note", help="Why, for whoever reads it next.")] = "",
    project: ProjectOption = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Label a failure cluster with its real category and team; later runs' failures with
    the same fingerprint take them."""
    from qatron.config import load_project
    from qatron.failures.labels import label_cluster

    label = label_cluster(load_project(project), cluster, category=category, team=team,
                          note=note)
    if as_json:
        print(json.dumps({**asdict(label), "labelled_at": label.labelled_at.isoformat()},
                         indent=2))
        return
    out.print(markup("Labelled cluster [bold]{cluster}[/] of {project}: {category}, team "
                     "{team} (by {by}).", cluster=label.cluster, project=label.project,
                     category=label.category, team=label.team, by=label.labelled_by))
