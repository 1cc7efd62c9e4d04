"""What ``qatron select`` and ``qatron.select`` do: select among the tests pytest collects.

    >>> selection = select_changes(load_project("shop"), "origin/main", suite="smoke")
    >>> selection = select_changes(Path("."), "HEAD")  # any git repository with a pytest suite

The candidates are the node ids of the suite's own collection (cached per commit, see
:mod:`qatron.collected`), so a change that one test covers selects that test, not its
whole file, and files that look like tests but that pytest never collects are neither
counted nor selected. Test files found statically stand in only where there is no such
collection: a suite of another runner, a collection that failed, or a ``head`` other
than the checkout (pytest collects the working tree). Each such case is a fallback note.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from qatron.collected import cached_collection
from qatron.errors import ConfigError
from qatron.interpreter import Interpreter
from qatron.pytest_runner import TestCommand
from qatron.selection import Selection, select_tests
from qatron.selection.git import resolve, toplevel

if TYPE_CHECKING:
    from qatron.config import Project, Suite

STATE_FOLDER = ".qatron"


def select_changes(target: Project | Path, base: str, head: str | None = None,
                   suite: str | None = None) -> Selection:
    """The collected tests of ``target`` (a qatron.yml project, or an application folder
    in a git repository) that the change ``base``→``head`` may break; ``head`` None is the
    working tree. ``suite`` names the project's suite (None: its only application)."""
    if not isinstance(target, Path):
        from qatron.selection.project import select_in_project, suite_of

        suite_config = suite_of(target, suite)
        command, notes = _suite_command(target, suite_config)
        app_dir = target.application_dir(suite_config)
        tests, why = _collected(command, target.root / STATE_FOLDER, app_dir, head)
        selection = select_in_project(target, base, head, suite, tests=tests)
    else:
        app_dir, notes = target.resolve(), []
        command = TestCommand(app_dir=app_dir, paths=[], python=_own_venv(app_dir))
        tests, why = _collected(command, app_dir / STATE_FOLDER, app_dir, head)
        selection = select_tests(app_dir, base, head, tests=tests)
    selection.fallbacks.extend([*notes, *([why] if why else [])])
    return selection


def _collected(command: TestCommand | None, state: Path, app_dir: Path,
               head: str | None) -> tuple[list[str] | None, str]:
    """The collected node ids, or None (select by file) and why."""
    if command is None:
        return None, ""  # another runner: its test files are the tests
    if head is not None:
        root = toplevel(app_dir)
        if resolve(root, head) != resolve(root, "HEAD"):
            return None, (f"--head {head} is not the checked-out commit, whose tests pytest "
                          f"collects; selected by test file")
    collected = cached_collection(command, state)
    return collected.nodeids, collected.note


def _suite_command(project: Project, suite: Suite) -> tuple[TestCommand | None, list[str]]:
    """How the suite's tests are collected: None for an application of another runner
    (its test files are its tests) or, with a note, for an interpreter without pytest."""
    name, application = project.application_of(suite)
    if not application.uses_pytest:
        return None, []
    try:
        command = TestCommand.for_application(project, name, {})
    except ConfigError as exc:
        return None, [f"tests not collected ({exc}); selected by test file"]
    command.paths = list(suite.paths or application.tests)
    command.marker_expression = suite.marker_expression()
    return command, []


def _own_venv(app_dir: Path) -> Interpreter | None:
    """The folder's ``.venv`` interpreter, as a suite of qatron.yml would use it."""
    venv = app_dir / ".venv" / "bin" / "python"
    return Interpreter(venv, source=".venv", key=str(app_dir)) if venv.exists() else None
