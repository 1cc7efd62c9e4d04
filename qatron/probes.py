"""Health probes: a URL that answers 2xx/3xx, or a command that exits 0.

A command runs through :func:`qatron.processes.run_for`: it is stopped, with
whatever it started, when its time is up, and carries the owner marker.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from qatron.processes import run_for

URL_TIMEOUT = 2.0


def probe(target: str, *, is_url: bool, timeout: float = URL_TIMEOUT, cwd: Path | None = None,
          project: str | None = None) -> bool:
    """Whether the service answers the probe within ``timeout`` seconds."""
    if not is_url:
        code = run_for(target, cwd=cwd or Path.cwd(), env=os.environ, timeout=timeout,
                       shell=True, project=project)
        return code == 0
    return url_problem(target, timeout) is None


def url_problem(url: str, timeout: float = URL_TIMEOUT) -> str | None:
    """What is wrong with ``url`` as a health check ("503 from /health", "/health does not
    answer (Connection refused)"), or None when it answers 2xx/3xx."""
    path = urllib.parse.urlsplit(url).path or "/"
    try:
        with urllib.request.urlopen(url, timeout=min(timeout, URL_TIMEOUT)) as response:  # noqa: S310
            status = int(response.status)
    except urllib.error.HTTPError as exc:
        status = exc.code
    except (urllib.error.URLError, OSError, ValueError) as exc:
        return f"{path} does not answer ({getattr(exc, 'reason', exc)})"
    return None if 200 <= status < 400 else f"{status} from {path}"
