"""A run's browser settings (``browser:`` in qatron.yml) for its test processes.

The settings reach the tests as the ``QATRON_BROWSER_*`` variables that
:mod:`qatron.browser` reads. The Grid URL is known only once the environment is up
(``{grid.url}`` of a ``selenium-grid`` service, or a Prefect block the flow loads), so
the provision step resolves it, checks the browser once (:func:`check_browser`) and keeps
the variables in the run folder (:func:`keep`); :func:`qatron.run.test_environ` adds them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from qatron.config import Browser, Project, Suite
from qatron.drivers.selenium_grid import grid_problem
from qatron.errors import InfrastructureError

#: Where the provision step keeps the resolved ``QATRON_BROWSER_*`` variables.
BROWSER_FILE = "browser.json"


def browser_of(project: Project, suite: Suite | None) -> Browser | None:
    """The project's ``browser:`` with the suite's overrides; None if neither has one."""
    base = project.config.browser
    override = suite.browser if suite is not None else None
    if base is None:
        return override
    return base.merged(override)


def browser_environ(settings: Browser, grid_url: str | None = None) -> dict[str, str]:
    """The ``QATRON_BROWSER_*`` variables for ``settings``; ``grid_url`` as resolved."""
    environ = {
        "QATRON_BROWSER_NAME": settings.name,
        "QATRON_BROWSER_HEADLESS": "true" if settings.headless else "false",
        "QATRON_BROWSER_WINDOW": settings.window.replace(" ", ""),
        "QATRON_BROWSER_IMPLICIT_WAIT": f"{settings.implicit_wait:g}",
        "QATRON_BROWSER_PAGE_LOAD_TIMEOUT": f"{settings.page_load_timeout:g}",
        "QATRON_BROWSER_REUSE": "true" if settings.reuse else "false",
    }
    if grid_url:
        environ["QATRON_BROWSER_GRID_URL"] = grid_url
    return environ


def check_browser(grid_url: str | None, where: str = "browser.grid_url",
                  timeout: float = 10.0) -> None:
    """The Grid answers ``/status`` ready, or (no Grid) Chromium and ChromeDriver are on
    PATH; else InfrastructureError saying what to do."""
    if grid_url:
        problem = grid_problem(grid_url, timeout=timeout)
        if problem is not None:
            raise InfrastructureError(
                f"the Selenium Grid at {grid_url} ({where}) cannot run the browser tests: "
                f"{problem}; start the Grid or fix {where}")
        return
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    if missing and shutil.which("chromium-browser") and missing == ["chromium"]:
        missing = []
    if missing:
        raise InfrastructureError(
            f"the browser tests need a local {' and '.join(missing)} on PATH (no Grid is "
            f"set): install them (Debian: apt-get install chromium chromium-driver, or `make "
            f"system-deps`) or set browser.grid_url in qatron.yml")


def keep(run_dir: Path, environ: dict[str, str]) -> None:
    """Keep the run's resolved browser variables in its folder."""
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / BROWSER_FILE).write_text(json.dumps(environ, indent=2), encoding="utf-8")


def kept(run_dir: Path) -> dict[str, str]:
    """The browser variables kept in the run folder ({} before the provision step)."""
    try:
        found = json.loads((run_dir / BROWSER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}
