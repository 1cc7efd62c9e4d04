"""The ``qatron`` command tree: every command and command group, registered on one app.

A command's module is imported only when that command runs (or shows its own help), so
``qatron --help`` and ``qatron failures analyze FILE.xml`` start without the results
store, Prefect or pandas the other commands need. ``COMMANDS`` names each command's
module, attribute and the line ``qatron --help`` lists for it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

__all__ = ["COMMANDS", "LazyCommand", "app", "load_command"]


@dataclass(frozen=True)
class LazyCommand:
    """Where a command lives: ``attribute`` of ``module`` is a function (a command) or a
    ``typer.Typer`` (a command group); ``help`` is its line in ``qatron --help``."""

    module: str
    attribute: str
    help: str


COMMANDS: dict[str, LazyCommand] = {
    "init": LazyCommand("qatron.cli.scaffold", "init", "Scaffold a QAtron project: qatron.yml, "
                        "a tiny app, tests in four layers, data."),
    "run": LazyCommand("qatron.cli.run", "run",
                       "Run a suite against an environment as a Prefect flow run."),
    "resume": LazyCommand("qatron.cli.run", "resume", "Go on with a run whose process died: "
                          "keep its finished shards, run the others again."),
    "select": LazyCommand("qatron.cli.select", "select_command", "Select the tests a change "
                          "can break, likeliest to fail first, with reasons."),
    "failures": LazyCommand("qatron.cli.failures", "failures_command", "Failures categorised, "
                            "clustered by root cause and routed to their owning teams."),
    "label-failure": LazyCommand("qatron.cli.labels", "label_failure_command", "Label a "
                                 "failure cluster with its real category and team."),
    "runs": LazyCommand("qatron.cli.runs", "runs_app", "Runs in the results store."),
    "audit": LazyCommand("qatron.cli.audit", "audit", "Who or what triggered each run: a "
                         "user, CI, a schedule, the API."),
    "server": LazyCommand("qatron.cli.server", "server_app",
                          "The local Prefect server used by the embedded default."),
    "datasets": LazyCommand("qatron.cli.datasets", "datasets_app",
                            "Datasets and their expectations: validate, refresh, health."),
    "env": LazyCommand("qatron.cli.env", "env_app", "Environments: clean up after crashed runs."),
    "metrics": LazyCommand("qatron.cli.metrics", "metrics_app",
                           "Metrics from the results store's history."),
    "journey": LazyCommand("qatron.cli.journey", "journey_app", "Journeys: tests of several "
                           "applications in sequence, passing data between them."),
    "load": LazyCommand("qatron.cli.load", "load_app",
                        "Load tests: many simulated users against a service, with Locust."),
    "features": LazyCommand("qatron.cli.features", "features_app",
                            "Gherkin features: index, undefined steps, results per scenario."),
    "generate": LazyCommand("qatron.cli.generate", "generate_app",
                            "Generate tests from code: boundaries, partitions, paths, mutants."),
    "report": LazyCommand("qatron.cli.report", "report_app",
                          "Reports of stored runs: Allure results and more."),
}

_loaded: dict[str, TyperCommand | TyperGroup] = {}


def load_command(name: str) -> TyperCommand | TyperGroup:
    """The click command of ``COMMANDS[name]``, its module imported on first use."""
    if name not in _loaded:
        lazy = COMMANDS[name]
        target = getattr(importlib.import_module(lazy.module), lazy.attribute)
        command: TyperCommand | TyperGroup
        if isinstance(target, typer.Typer):
            command = typer.main.get_group(target)
        else:
            single = typer.Typer()
            single.command(name)(target)
            found = typer.main.get_command(single)
            assert isinstance(found, TyperCommand), found
            command = found
        command.name = name
        _loaded[name] = command
    return _loaded[name]


class _Commands(MutableMapping[str, Any]):
    """The group's commands: every name known, each command loaded when it is looked up."""

    def __getitem__(self, name: str) -> Any:
        if name not in COMMANDS:
            raise KeyError(name)
        return load_command(name)

    def __setitem__(self, name: str, command: Any) -> None:
        raise TypeError(f"add the command {name!r} to qatron.cli.commands.COMMANDS")

    def __delitem__(self, name: str) -> None:
        raise TypeError(f"remove the command {name!r} from qatron.cli.commands.COMMANDS")

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class _LazyGroup(TyperGroup):
    """The top-level group: lists commands from ``COMMANDS``, imports one when it runs."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.commands = _Commands()

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """For the listing in ``qatron --help``: the name and line, nothing imported."""
        lazy = COMMANDS.get(cmd_name)
        if lazy is None:
            return None
        return TyperCommand(cmd_name, help=lazy.help, short_help=lazy.help)

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        return name, (load_command(name) if name in COMMANDS else command), rest


#: Plain help at the top (rich's help formatting costs more than the rest of the start-up);
#: each command's own help is rich.
app = typer.Typer(cls=_LazyGroup, help="QAtron: test orchestration on Prefect.",
                  rich_markup_mode=None, no_args_is_help=True, pretty_exceptions_enable=False,
                  add_completion=False)


@app.callback()
def _qatron() -> None:
    """QAtron: test orchestration on Prefect."""
