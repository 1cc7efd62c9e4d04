"""qatron.exit_codes: one code per ended status, the README's table, the errors' codes."""

from __future__ import annotations

import re

import pytest

from qatron.errors import ConfigError, DatasetError, InfrastructureError, QatronError, StoreError
from qatron.exit_codes import (
    EXIT_CONFIG,
    EXIT_INTERRUPTED,
    EXIT_STORE,
    EXIT_USAGE,
    RUN_EXIT_CODES,
    run_exit_code,
    state_exit_codes,
)
from qatron.models import RunStatus
from qatron.pytest_runner import CollectionCancelled
from tests.projects import REPO

ROW = re.compile(r"^\| (`(?P<status>[a-z_]+)`|—) \| .+ \| (?P<code>\d+) \|$")


def readme_table() -> dict[str, int]:
    """The rows of README's "Run statuses and exit codes" table: {status or "—": code}."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Run statuses and exit codes", 1)[1].split("\n#", 1)[0]
    lines = [line for line in section.splitlines() if line.startswith("|")][2:]  # no header
    rows = [ROW.match(line) for line in lines]
    assert rows and all(rows), f"every row reads | `status` | meaning | code |: {lines}"
    return {row["status"] or "—": int(row["code"]) for row in rows if row}


def test_the_readme_table_lists_every_ended_status_with_its_code() -> None:
    assert readme_table() == {**{status.value: code for status, code in RUN_EXIT_CODES.items()},
                              "—": EXIT_USAGE}


def test_each_ended_status_has_its_own_code_and_bad_input_shares_none() -> None:
    assert len(set(RUN_EXIT_CODES.values())) == len(RUN_EXIT_CODES)
    assert EXIT_USAGE not in RUN_EXIT_CODES.values()
    assert {s for s in RunStatus if s.terminal} == set(RUN_EXIT_CODES)


@pytest.mark.parametrize("status", [s for s in RunStatus if not s.terminal])
def test_a_run_that_has_not_ended_has_no_exit_code(status: RunStatus) -> None:
    with pytest.raises(ValueError, match=f"run status '{status.value}' has not ended yet"):
        run_exit_code(status)


def test_final_state_names_are_the_statuses_and_crashed() -> None:
    assert state_exit_codes() == {
        "Completed": 0, "Failed": 1, "PartialFailed": 3, "TimedOut": 4, "InfraFailed": 5,
        "DatasetFailed": 6, "Cancelled": 130, "Crashed": 5}


def test_errors_exit_with_the_codes_of_the_table() -> None:
    assert ConfigError.exit_code == QatronError.exit_code == EXIT_CONFIG == EXIT_USAGE
    assert StoreError.exit_code == EXIT_STORE == RUN_EXIT_CODES[RunStatus.INFRA_FAILED]
    assert InfrastructureError.exit_code == DatasetError.exit_code == EXIT_STORE
    assert CollectionCancelled.exit_code == EXIT_INTERRUPTED == RunStatus.CANCELLED.exit_code
