"""``qatron audit``: who or what triggered each run, from the results store, and with
``--events`` the ``qatron.run.*`` events of the Prefect server as well."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from qatron.cli.options import JsonOption, ProjectOption
from qatron.console import cell, out
from qatron.errors import ConfigError, InfrastructureError

__all__ = ["audit", "parse_since", "prefect_events"]

SinceOption = Annotated[str | None, typer.Option(
    "--since", help="Only runs created on or after this date or time (ISO 8601, UTC if no "
                    "offset), e.g. 2026-12-01.")]
EventsOption = Annotated[bool, typer.Option(
    "--events", help="Also list the qatron.run.* events of the Prefect server "
                     "(PREFECT_API_URL, or the local one).")]
#: The most events ``--events`` reads (the newest first; the most one page of the API holds).
EVENTS_LIMIT = 50


def audit(project: ProjectOption = Path("."), since: SinceOption = None,
          as_json: JsonOption = False, events: EventsOption = False) -> None:
    """Who or what triggered each run: a user, CI, a schedule, the API."""
    from qatron.audit import describe
    from qatron.cli.runs import open_store

    start = parse_since(since) if since else None
    project_name = _project_name(project)
    with open_store(project) as store:
        entries = store.triggers(project_name, since=start)
    found = prefect_events(start) if events else None
    if as_json:
        data: dict[str, Any] = {"runs": [entry.to_json() for entry in entries]}
        if found is not None:
            data["events"] = found
        print(json.dumps(data, indent=2))
        return
    table = Table("run", "created", "suite", "environment", "status", "triggered by")
    for entry in entries:
        table.add_row(cell(entry.run_id), cell(f"{entry.created_at:%Y-%m-%d %H:%M}"),
                      cell(entry.suite), cell(entry.environment), cell(entry.status),
                      cell(describe(entry.trigger)))
    out.print(table)
    if found is not None:
        events_table = Table("occurred", "event", "resource", "trigger")
        for event in found:
            events_table.add_row(cell(event["occurred"]), cell(event["event"]),
                                 cell(event["resource"]), cell(event["trigger"]))
        out.print(events_table)


def parse_since(text: str) -> datetime:
    """``2026-12-01`` or ``2026-12-01T08:00+01:00`` as an aware datetime (UTC by default)."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--since {text!r}: expected a date or time in ISO 8601, such as "
                          f"2026-12-01 or 2026-12-01T08:00") from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _project_name(project: Path) -> str | None:
    """The project's name, or None (every run) when there is no qatron.yml here."""
    from qatron.config_path import find_config

    try:
        find_config(project)
    except ConfigError:
        return None
    from qatron.config import load_project

    return load_project(project).name


def prefect_events(since: datetime | None) -> list[dict[str, str]]:
    """The ``qatron.run.*`` events the Prefect server keeps, newest first (its events API,
    ``POST /events/filter``)."""
    import httpx

    from qatron.cli.prefect_access import authorization, check_access
    from qatron.server import LocalServer, check_reachable

    if os.environ.get("PREFECT_API_URL"):
        api_url = check_reachable(os.environ["PREFECT_API_URL"])
    elif LocalServer.default().healthy():
        api_url = LocalServer.default().api_url
    else:
        raise ConfigError("--events needs a Prefect server: set PREFECT_API_URL, or start the "
                          "local one with `qatron server start`")
    check_access(api_url)
    occurred: dict[str, str] = {"since": (since or datetime(2000, 1, 1, tzinfo=UTC)).isoformat()}
    body = {"filter": {"event": {"prefix": ["qatron.run."]}, "occurred": occurred,
                       "order": "DESC"}, "limit": EVENTS_LIMIT}
    response = httpx.post(f"{api_url.rstrip('/')}/events/filter", json=body,
                          headers=authorization(), timeout=30)
    if response.status_code >= 300:
        raise InfrastructureError(f"the Prefect server at {api_url} answered HTTP "
                                  f"{response.status_code} to /events/filter: "
                                  f"{response.text[:200]}")
    return [{"occurred": event["occurred"], "event": event["event"],
             "resource": event["resource"]["prefect.resource.id"],
             "trigger": event["resource"].get("qatron.trigger.kind", "")}
            for event in response.json().get("events", [])]
