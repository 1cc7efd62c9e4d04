"""Checks of an application's test runner in ``qatron.yml``: pytest, or a command that
writes JUnit XML (``command:`` with ``{files}``, ``junit:``, ``discover:``).

Each failed check raises :class:`~qatron.config_refs.ReferenceProblem` with the key path
and what was expected; the loader adds the file and line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from qatron.config_refs import PLACEHOLDER, ReferenceProblem

if TYPE_CHECKING:
    from qatron.config import Application

#: Placeholders of a JUnit runner's ``command`` and ``junit``.
COMMAND_PLACEHOLDERS = ("files", "shard")
JUNIT_PLACEHOLDERS = ("shard",)


def check_runner(name: str, application: Application, shards: int = 1) -> None:
    """pytest takes no ``junit``/``discover``; any other command needs both, a bare
    ``{files}``, and ``{shard}`` in ``junit`` when suites run it in several shards."""
    loc = ("applications", name)
    if application.uses_pytest:
        for key in ("junit", "discover"):
            if getattr(application, key):
                raise ReferenceProblem((*loc, key), "no such key with command: pytest (it is "
                                                   "for a command that writes JUnit XML)")
        return
    if not application.junit:
        raise ReferenceProblem((*loc, "junit"), "the path of the JUnit XML file the command "
                                                "writes, relative to the application folder")
    if not application.discover:
        raise ReferenceProblem((*loc, "discover"), "a glob, or list of globs, of the test "
                                                   "files, e.g. 'test/**/*.test.js'")
    for index, glob in enumerate(application.discover):
        _relative((*loc, "discover", str(index)), glob)
    _relative((*loc, "junit"), application.junit)
    _known(loc + ("command",), application.command, COMMAND_PLACEHOLDERS)
    _known(loc + ("junit",), application.junit, JUNIT_PLACEHOLDERS)
    command = application.command
    if "{files}" not in command or "'{files}'" in command or '"{files}"' in command:
        raise ReferenceProblem((*loc, "command"), f"a command with a bare {{files}} (the "
                                                  f"shard's test files); got {command!r}")
    if shards > 1 and "{shard}" not in application.junit:
        raise ReferenceProblem((*loc, "junit"), f"{{shard}} in the path (a suite runs "
                                                f"{shards} shards at once); got "
                                                f"{application.junit!r}")


def _known(loc: tuple[str, ...], template: str, known: tuple[str, ...]) -> None:
    for match in PLACEHOLDER.finditer(template):
        if match.group(1) not in known:
            names = ", ".join("{" + k + "}" for k in known)
            raise ReferenceProblem(loc, f"only the placeholders {names}; got {match.group(0)}")


def _relative(loc: tuple[str, ...], path: str) -> None:
    if path.startswith("/") or ".." in path.split("/"):
        raise ReferenceProblem(loc, f"a path relative to the application folder, inside it; "
                                    f"got {path!r}")
