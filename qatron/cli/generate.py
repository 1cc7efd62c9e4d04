"""``qatron generate tests``: a pytest file generated from a module's code.

    qatron generate tests PATH [--module M] [--function F ...] [--out DIR]
                          [--strategies boundary,partition,search,exceptions,properties,
                                        literals,commandline,chaining] [--time-budget 45]

PATH is a module's .py file, or the folder ``--module`` is imported from. The file goes to
``--out`` (default: ``tests/generated`` under the module's import root) and is never
written over once a person has edited it. ``--time-budget`` bounds the whole generation;
what it cuts short is named in the summary.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from qatron.console import show

generate_app = typer.Typer(
    help="Generate tests from code: boundaries, partitions, paths, mutants.",
    no_args_is_help=True)


@generate_app.command("tests")
def tests_command(
    path: Annotated[Path, typer.Argument(help="A module's .py file, or the folder --module "
                                              "is imported from.")],
    module: Annotated[str | None, typer.Option("--module", "-m", help="Dotted module to "
                                                                      "import from PATH.")]
    = None,
    function: Annotated[list[str] | None, typer.Option(
        "--function", "-f", help="Only this function or Class.method (repeatable).")] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Folder of the test file "
                                             "(default: tests/generated under the import root).")]
    = None,
    strategies: Annotated[str | None, typer.Option(
        "--strategies", help="Comma-separated: boundary, partition, search, exceptions, "
                             "properties, literals, commandline, chaining (default: all).")]
    = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds one call may take.")]
    = 1.0,
    time_budget: Annotated[float, typer.Option(
        "--time-budget", min=0, help="Seconds the whole generation of the module may take.")]
    = 45.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Generate a pytest file for a module: boundary values, one case per partition, inputs
    reaching each branch and exception, each case kept only if it is deterministic and kills
    a mutant or reaches a branch."""
    from qatron.generation import generate_tests

    chosen = [s.strip() for s in strategies.split(",") if s.strip()] if strategies else None
    report = generate_tests(path, module=module, functions=function, out=out,
                            strategies=chosen, timeout=timeout, budget=time_budget)
    if as_json:
        print(json.dumps(report.to_json(), indent=2))
        return
    show("{summary}", summary=report.summary())
    for result in report.functions:
        for note in result.notes:
            show("  {name}: {note}", name=result.info.qualname, note=note)
    if not report.written:
        raise typer.Exit(1)
