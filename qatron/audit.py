"""Who or what triggered a run: a person at the command line, CI, a deployment's schedule,
or the Prefect API. Kept with the run (``runs.triggered_by``) and listed by ``qatron audit``.

A trigger is a small JSON object::

    {"kind": "cli", "by": "alice@build-7", "via": "qatron run"}
    {"kind": "ci", "by": "github-actions (alice)", "url": "https://github.com/o/r/actions/runs/42"}
    {"kind": "ci", "by": "gitlab-ci (bob)", "url": "…", "deployment": "run-suite/smoke"}
    {"kind": "schedule", "by": "run-suite/nightly", "flow_run": "…"}
    {"kind": "api", "by": "run-suite/nightly", "flow_run": "…", "created_by": "…"}

:func:`local_trigger` reads the process (CI variables, the user and host);
:func:`deployment_trigger` takes what the flow knows of its flow run.
"""

from __future__ import annotations

import getpass
import os
import socket
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["API", "CI", "CI_BY_LABEL", "CI_URL_LABEL", "CLI", "DEPLOYMENT_KINDS", "SCHEDULE",
           "ci_job", "deployment_trigger", "describe", "local_trigger", "user_at_host"]

CLI, CI, SCHEDULE, API = "cli", "ci", "schedule", "api"
#: Kinds of a run started by a deployment's flow run.
DEPLOYMENT_KINDS = (SCHEDULE, API)


def user_at_host() -> str:
    """``alice@build-7``: the user running this process and the machine."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container)
        user = f"uid {os.getuid()}"
    return f"{user}@{socket.gethostname()}"


def ci_job(env: Mapping[str, str]) -> dict[str, str] | None:
    """The CI job this process runs in (GitHub Actions, GitLab CI, Jenkins): ``by`` and
    ``url``; None outside CI."""
    if env.get("GITHUB_RUN_ID") and env.get("GITHUB_REPOSITORY"):
        server = env.get("GITHUB_SERVER_URL", "https://github.com").rstrip("/")
        url = f"{server}/{env['GITHUB_REPOSITORY']}/actions/runs/{env['GITHUB_RUN_ID']}"
        return {"by": f"github-actions ({env.get('GITHUB_ACTOR', '?')})", "url": url}
    if env.get("CI_JOB_URL"):
        return {"by": f"gitlab-ci ({env.get('GITLAB_USER_LOGIN', '?')})",
                "url": env["CI_JOB_URL"]}
    if env.get("BUILD_URL"):
        return {"by": f"jenkins ({env.get('JOB_NAME', '?')})", "url": env["BUILD_URL"]}
    return None


def local_trigger(env: Mapping[str, str] | None = None, via: str | None = None
                  ) -> dict[str, Any]:
    """The trigger of a run started in this process: its CI job, else the user at the host.
    ``via`` says how (default: ``qatron <command>`` from the command line, else ``python``)."""
    env = os.environ if env is None else env
    if via is None:
        program = os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else ""
        via = f"qatron {sys.argv[1]}" if program == "qatron" and len(sys.argv) > 1 else "python"
    job = ci_job(env)
    if job is not None:
        return {"kind": CI, **job, "user": user_at_host(), "via": via}
    return {"kind": CLI, "by": user_at_host(), "via": via}


#: Labels of a flow run that ``deployments/ci/qatron-ci.sh`` created: its CI job.
CI_BY_LABEL, CI_URL_LABEL = "qatron.trigger.by", "qatron.trigger.url"


def deployment_trigger(deployment: str, flow_run: str, *, scheduled: bool,
                       created_by: str | None = None,
                       parameters: Mapping[str, Any] | None = None,
                       labels: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The trigger of a run a deployment started: the CI job that qatron-ci.sh named in the
    flow run's labels, its schedule, or a call of the API (``created_by``: who created the
    flow run, when the server says)."""
    labels = labels or {}
    trigger: dict[str, Any] = {"kind": SCHEDULE if scheduled else API, "by": deployment,
                               "flow_run": flow_run}
    if labels.get(CI_URL_LABEL):
        trigger.update(kind=CI, by=str(labels.get(CI_BY_LABEL) or "ci"),
                       url=str(labels[CI_URL_LABEL]), deployment=deployment)
    if created_by:
        trigger["created_by"] = created_by
    if parameters:
        trigger["parameters"] = {key: value for key, value in parameters.items()
                                 if isinstance(value, (str, int, float, bool)) or value is None}
    return trigger


def describe(trigger: Mapping[str, Any] | None) -> str:
    """One line: ``ci: github-actions (alice) https://…``; ``unknown`` when not recorded."""
    if not trigger:
        return "unknown"
    text = f"{trigger.get('kind', '?')}: {trigger.get('by', '?')}"
    if trigger.get("created_by"):
        text += f" (created by {trigger['created_by']})"
    return text + (f" {trigger['url']}" if trigger.get("url") else "")
