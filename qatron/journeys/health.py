"""Whether an application can take a journey's step now.

An application runs as the environment services it lists (``applications.<name>.
services``). It is down when one of them did not start, or when its health-check URL
does not answer 2xx/3xx now: the reason names the service and what the check got
("payment-service is down: 503 from /health").
"""

from __future__ import annotations

from qatron.config import Project
from qatron.probes import url_problem
from qatron.services import RunningEnvironment, fill


def application_down(project: Project, env: RunningEnvironment, app: str) -> str | None:
    """Why application ``app`` is down in ``env``, or None when all its services are up."""
    config = project.environment(env.name)
    for service in project.config.applications[app].services:
        if service in env.down:
            return f"{service} is down: {env.down[service]}"
        started = env.services.get(service)
        check = getattr(config.services.get(service), "health_check", None)
        if started is None or check is None or not check.url:
            continue
        own = {key: str(value) for key, value in started.values.items()}
        url = fill(check.url, env, f"environments.{env.name}.services.{service}.health_check",
                   own)
        problem = url_problem(url) if url else None
        if problem:
            return f"{service} is down: {problem}"
    return None
