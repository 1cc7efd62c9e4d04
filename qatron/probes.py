"""Health probes: a URL that answers 2xx/3xx, or a command that exits 0."""

from __future__ import annotations

import subprocess
import urllib.error
import urllib.request


def probe(target: str, *, is_url: bool) -> bool:
    """Whether the service answers the probe now."""
    if not is_url:
        return subprocess.run(target, shell=True, capture_output=True).returncode == 0
    try:
        with urllib.request.urlopen(target, timeout=2) as response:  # noqa: S310
            return 200 <= response.status < 400
    except (urllib.error.URLError, OSError, ValueError):
        return False
