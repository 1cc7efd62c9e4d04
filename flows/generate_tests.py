"""The ``generate-tests`` flow: a pytest file generated from each module's code.

    for each module: generate-module-tests ─► test file + markdown artifact
    final state: Completed, or Failed when a module could not be imported or its test
                 file was edited by a person (then it is kept as it is)
"""

from __future__ import annotations

from prefect import flow
from prefect.states import Completed, Failed, State

from tasks.generation import generate_module_tests


@flow(name="generate-tests", flow_run_name="generate tests of {paths}")
def generate_tests(paths: list[str], module: str | None = None,
                   functions: list[str] | None = None, out: str | None = None,
                   strategies: list[str] | None = None, time_budget: float = 45.0) -> State:
    """Generate tests for modules: boundaries, partitions, paths, exceptions, properties.

    Args:
        paths: module files (.py), or one folder with ``module`` the dotted name to import.
        module: the dotted module to import from the folder in ``paths``.
        functions: only these functions or Class.methods.
        out: the folder of the test files (default: tests/generated under each import root).
        strategies: among boundary, partition, search, exceptions, properties, literals,
            commandline, chaining (default all).
        time_budget: the seconds each module's generation may take.
    """
    summaries: list[str] = []
    problems: list[str] = []
    for path in paths:
        state = generate_module_tests(path, module, functions, out, strategies, time_budget,
                                      return_state=True)
        if not state.is_completed():
            problems.append(f"{path}: {state.result(raise_on_failure=False)}")
            continue
        report = state.result()
        summaries.append(report.summary())
        if not report.written:
            problems.append(report.message)
    message = "; ".join([*problems, *summaries])
    return Failed(message=message) if problems else Completed(message=message)
