"""``qatron datasets validate|health`` as real subprocesses: exit codes 0, 6, 2, 5 and 1.

Each ``validate`` that gets as far as Great Expectations imports it (about ten
seconds), so those run side by side; the others fail before that import.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.datasets import users_project
from tests.projects import QATRON, qatron

ENV = {"COLUMNS": "200"}  # a wide table: one line per expectation


def start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([str(QATRON), *args], env={**os.environ, **ENV},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def test_validate_exits_by_health_and_health_reads_the_store(tmp_path: Path) -> None:
    project = str(users_project(tmp_path / "people"))
    bad = start("datasets", "validate", "bad", "--project", project)
    good = start("datasets", "validate", "good", "--project", project, "--json")

    code, out, err = finish(bad)
    assert code == 6, err
    rows = [[cell.strip() for cell in line.split("│")[1:6]] for line in out.splitlines()
            if line.startswith("│") and "expect_" in line]
    assert rows == [
        ["FAIL", "expect_column_values_to_not_be_null", "id", "", "1 (20%)"],
        ["FAIL", "expect_column_values_to_be_unique", "email", "", "2 (40%)"],
        ["FAIL", "expect_column_values_to_be_between", "age", "min_value=18, max_value=90",
         "3 (60%)"],
        ["FAIL", "expect_column_values_to_match_regex", "email", "regex='^[^@]+@[^@]+$'",
         "1 (20%)"],
        ["ok", "expect_table_row_count_to_be_between", "", "min_value=1", ""],
    ]
    assert "12, 130, 17" in out and "'carl.example.com'" in out
    assert "unhealthy: bad: 4 of 5 expectations failed" in " ".join(out.split())
    code, out, err = finish(good)
    assert code == 0, err
    assert json.loads(out)["success"] is True

    health = qatron("datasets", "health", "bad", "--project", project, env=ENV)
    assert health.returncode == 6, health.stderr
    assert "validations of bad, newest first" in health.stdout and "4 / 5" in health.stdout
    health = qatron("datasets", "health", "good", "--project", project, "--json", env=ENV)
    assert health.returncode == 0, health.stderr
    [stored] = json.loads(health.stdout)
    assert (stored["dataset"], stored["success"], stored["rows"]) == ("good", True, 3)
    assert stored["content_hash"] == json.loads(out)["content_hash"]


def test_config_errors_exit_2_and_unreadable_data_5_without_traceback(tmp_path: Path) -> None:
    project = users_project(tmp_path / "people")
    (project / "data" / "good.csv").unlink()
    typo = project / "typo.yml"
    typo.write_text("expectations:\n  - expect_colum_values_to_be_unique: {column: email}\n")
    with (project / "qatron.yml").open("a") as config:
        config.write("  typo: {path: data/bad.csv, expectations: typo.yml}\n")

    missing = qatron("datasets", "validate", "good", "--project", str(project), env=ENV)
    misspelt = qatron("datasets", "validate", "typo", "--project", str(project), env=ENV)
    unknown = qatron("datasets", "validate", "goood", "--project", str(project), env=ENV)
    never = qatron("datasets", "health", "typo", "--project", str(project), env=ENV)

    assert missing.returncode == 5
    assert " ".join(missing.stderr.split()) == (
        f"error: datasets.good.path: {project / 'data' / 'good.csv'}: no such file. Create it "
        f"or fix the path; if the dataset has 'generate', `qatron datasets refresh good` "
        f"writes it.")
    assert misspelt.returncode == 2
    assert " ".join(misspelt.stderr.split()) == (
        f"error: {typo}:2: expectations[0].expect_colum_values_to_be_unique: expected the "
        f"snake_case name of a Great Expectations expectation; did you mean "
        f"'expect_column_values_to_be_unique'?")
    assert unknown.returncode == 2 and "Did you mean 'good'?" in unknown.stderr
    assert never.returncode == 1
    assert " ".join(never.stderr.split()) == (
        f"dataset 'typo' has never been validated; validate it with `qatron datasets "
        f"validate typo --project {project}`")
    assert "Traceback" not in missing.stderr + misspelt.stderr + unknown.stderr + never.stderr
