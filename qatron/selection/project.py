"""Selection in a qatron.yml project: the suite's application, its rules, the store's data.

    >>> selection = select_in_project(load_project("shop"), "origin/main", suite="smoke")

The application folder and ``selection:`` rules come from the suite's application
(test roots from the suite's ``paths``, else the rules' or the application's
``tests``); the coverage map and run history come from the project's results store
when there is one; code of any environment's services counts (a change there
selects everything).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from qatron.config import Project, Suite
from qatron.errors import ConfigError, StoreError
from qatron.selection.model import Selection, TestHistory
from qatron.selection.select import select_tests

if TYPE_CHECKING:
    from qatron.selection.coverage_map import CoverageMap


def select_in_project(project: Project, base: str, head: str | None = None,
                      suite: str | None = None, tests: list[str] | None = None) -> Selection:
    """The tests of ``suite``'s application (the only one, without a suite) that the
    change ``base``→``head`` may break; ``head`` None is the working tree. ``tests`` are
    the candidate node ids (None: the test files found in the application's test roots)."""
    app_dir, options, notes = _configured(project, suite)
    selection = select_tests(app_dir, base, head, tests=tests, **options)
    selection.fallbacks.extend(notes)
    return selection


def _configured(project: Project, suite_name: str | None
                ) -> tuple[Path, dict[str, Any], list[str]]:
    """The application folder, select_tests options and notes for the project."""
    from qatron.selection.git import toplevel
    from qatron.selection.services import service_code

    suite = suite_of(project, suite_name)
    app_name, application = project.application_of(suite)
    rules = application.selection
    roots = suite.paths or rules.test_roots or application.tests
    rules = rules.model_copy(update={"test_roots": list(roots)})
    app_dir = (project.root / application.path).resolve()
    coverage, history, notes = _from_store(project, app_name, suite_name)
    services = service_code(list(project.config.environments.values()), project.root,
                            toplevel(app_dir))
    options = {"rules": rules, "coverage": coverage, "history": history, "services": services}
    return app_dir, options, notes


def suite_of(project: Project, name: str | None) -> Suite:
    """The named suite; without a name, the whole of a project's only application."""
    if name is not None:
        return project.suite(name)
    if len(project.config.applications) > 1:
        raise ConfigError(f"{project.path}: several applications; say which with --suite "
                          f"(suite= in Python; one of: {', '.join(project.config.suites)})")
    return Suite()


def _from_store(project: Project, application: str, suite: str | None
                ) -> tuple[CoverageMap | None, dict[str, TestHistory], list[str]]:
    """The coverage map and run history in the project's results store, if it has any."""
    from qatron.store import database_url

    url = database_url(project)
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        return None, {}, []
    from qatron.store.sqlite_selection import read_selection_data

    read = read_selection_data(url, project.name, application, suite)
    if read is not None:
        return *read, []
    from qatron.selection.history import load_history
    from qatron.store import ResultsStore

    try:
        with ResultsStore(url) as store:
            coverage = store.load_coverage_map(project.name, application)
            return coverage, load_history(store, project.name, suite), []
    except StoreError as exc:
        return None, {}, [f"results store not read ({exc}); selected without coverage map "
                          f"or history"]
