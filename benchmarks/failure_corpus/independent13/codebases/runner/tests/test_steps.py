"""Steps as subprocesses."""

from __future__ import annotations

import sys

import pytest

from runner import steps


def test_run_step_output() -> None:
    assert steps.run_step([sys.executable, "-c", "print('ok')"]) == (0, "ok\n")


def test_step_timeout() -> None:
    with pytest.raises(steps.StepTimeout):
        steps.run_step(["sleep", "30"], timeout=1.0)


def test_parse_version() -> None:
    assert steps.parse_version("tool 2.1") == "2.1"


def test_run_all_stops_on_failure() -> None:
    assert steps.run_all([["true"], ["false"], ["true"]]) == 1


def test_run_step_exit_code() -> None:
    assert steps.run_step(["false"]) == (1, "")


def test_parse_version_banner() -> None:
    assert steps.parse_version("tool version 3.0\n") == "3.0"
