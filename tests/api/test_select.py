"""qatron.select on a small git repository: the engine and answers of ``qatron select``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import qatron
from qatron.cli.select import select_command
from tests.flows.test_selection_flow import calc_repo, git


def change_add(repo: Path) -> None:
    ops = repo / "calc" / "ops.py"
    ops.write_text(ops.read_text().replace("return a + b", "return b + a"))


def test_select_finds_what_a_change_may_break_as_qatron_select_does(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = calc_repo(tmp_path / "calc")
    change_add(repo)

    selection = qatron.select(repo)  # since HEAD: the working tree's change

    assert isinstance(selection, qatron.Selection)
    assert selection.nodeids() == ["tests/test_add.py::test_add"]  # the tests pytest collects
    assert selection.selected[0].reasons == ["imports calc/ops.py"]
    assert (selection.skipped, selection.total) == (1, 2)
    select_command(base="HEAD", project=repo, output="json")
    assert json.loads(capsys.readouterr().out) == selection.to_json()


def test_a_committed_change_between_two_revisions(tmp_path: Path) -> None:
    repo = calc_repo(tmp_path / "calc")
    change_add(repo)
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qam", "add")

    assert qatron.select(repo).nodeids() == []  # nothing changed since HEAD
    assert qatron.select(repo, since="HEAD~1", head="HEAD").nodeids() == [
        "tests/test_add.py::test_add"]
    with pytest.raises(qatron.ConfigError, match="unknown revision 'nope'"):
        qatron.select(repo, since="nope")


def test_the_selection_rules_of_a_project_built_in_python(tmp_path: Path) -> None:
    repo = calc_repo(tmp_path / "calc")
    change_add(repo)
    project = qatron.project(repo, "calc", suites={"all": {}}, applications={"default": {
        "selection": {"rules": [{"source_pattern": r"calc/(ops)\.py",
                                 "test_pattern": "tests/test_text.py"}]}}})

    selection = qatron.select(project, suite="all")

    assert selection.nodeids() == ["tests/test_add.py::test_add", "tests/test_text.py::test_upper"]
    assert selection.selected[1].reasons == ["mapping rule 1 (calc/ops.py)"]
