"""Renderers of a finished run: JUnit XML, the offline HTML report, Prefect artifacts.

The engine (``qatron``) never imports this package. Names are loaded lazily,
so ``import reports.junit`` does not pull in Plotly or Prefect.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "write_junit": "reports.junit",
    "write_html_report": "reports.html",
    "publish_run_artifacts": "reports.artifacts",
    "summary_markdown": "reports.artifacts",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'reports' has no attribute {name!r}")
    return getattr(import_module(_EXPORTS[name]), name)
