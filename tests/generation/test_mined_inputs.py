"""Inputs the module itself names: strings from its literals, tables and regular expressions;
argument lists for its command-line entry points; mutants of what it builds at import."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from qatron.generation import GenerationReport, generate_tests
from qatron.generation.analysis import Option, analyse_source
from qatron.generation.commandline import argv_lists
from qatron.generation.literals import regex_samples
from qatron.generation.mutation import mutants
from tests.generation.samples import COUNTER, GREETER, SIGNED, UNITS, write_module
from tests.generation.test_generate import run_pytest

WITHOUT_LITERALS = ["boundary", "partition", "search", "exceptions", "commandline"]
WITHOUT_COMMANDS = ["boundary", "partition", "search", "exceptions", "literals"]
WITHOUT_CHAINING = ["boundary", "partition", "search", "exceptions", "literals"]


def generated(
    root: Path,
    name: str,
    source: str,
    strategies: list[str] | None,
) -> GenerationReport:
    path = write_module(root / "src", name, source)
    return generate_tests(path, out=root / "tests", seed=3, strategies=strategies)


def returned(report: GenerationReport, function: str) -> list[object]:
    result = next(r for r in report.functions if r.info.qualname == function)
    return [c.outcome.value for c in result.cases if c.outcome.kind == "return"]


@pytest.fixture(scope="module")
def units(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationReport]:
    root = tmp_path_factory.mktemp("units")
    return root, generated(root, "units", UNITS, None)


@pytest.fixture(scope="module")
def greeter(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GenerationReport]:
    root = tmp_path_factory.mktemp("greeter")
    return root, generated(root, "greeter", GREETER, None)


def test_samples_of_a_regular_expression_take_each_alternative() -> None:
    assert regex_samples(r"(?i)(octop|vir)us$") == ["octopus", "virus"]
    assert regex_samples(r"^(kilo|centi|milli)(metre|gram)s?$") == [
        "kilometre",
        "centigrams",
        "millimetre",
    ]
    assert regex_samples(r"([^aeiouy]|qu)y$") == ["by", "quy"]


def test_strings_a_regular_expression_matches_reach_the_branches_behind_it(
    units: tuple[Path, GenerationReport], tmp_path: Path
) -> None:
    root, report = units
    assert report.test_file is not None
    without = generated(tmp_path, "units", UNITS, WITHOUT_LITERALS)

    assert {"mass", "length"} <= set(returned(report, "unit_kind"))
    assert {"mass", "length"}.isdisjoint(returned(without, "unit_kind"))
    text = report.test_file.read_text()
    assert (
        "# literal: name='centigrams', matches '^(kilo|centi|milli)(metre|gram)s?$' "
        "from the table _METRIC" in text
    )
    assert run_pytest(report.test_file, root / "src")[0] == 0


def test_mutants_of_a_helper_run_at_import_are_killed_by_words_of_the_table_it_builds(
    units: tuple[Path, GenerationReport],
) -> None:
    _, report = units
    alias = ast.parse(UNITS).body[3]
    assert isinstance(alias, ast.FunctionDef) and alias.name == "_alias"
    in_alias = [
        m for m in report.killed_mutants if alias.lineno <= m.line <= (alias.end_lineno or 0)
    ]

    assert {str(m).split(": ")[1] for m in in_alias} >= {"1 → 2", "0 → -1"}
    assert "'ounce'" in (report.test_file.read_text() if report.test_file else "")


def test_a_mutant_on_a_continuation_line_belongs_to_the_statement_it_is_part_of() -> None:
    source = "def f(a, b):\n    return g(\n        a + 1,\n        b)\n"

    found = {str(m): m.statement for m in mutants(source, [(1, 4)])}

    assert found == {
        "line 3: + → -": 2,
        "line 3: 1 → 2": 2,
        "line 3: 1 → 0": 2,
        "line 2: return None": 2,
    }


def test_the_parser_options_and_whether_a_function_reads_the_command_line_are_found() -> None:
    info = analyse_source(GREETER)

    assert info.options == [
        Option("name", (), True),
        Option("shout", ("-s", "--shout"), False),
        Option("times", ("--times",), True, type_name="int"),
    ]
    assert [info.reads_argv(f) for f in info.functions] == [True, True]
    assert argv_lists(info.options, ["ada"])[:3] == [[], ["ada"], ["0"]]
    assert ["--shout", "ada"] in argv_lists(info.options, ["ada"])
    assert ["--times", "2", "ada"] in argv_lists(info.options, ["ada"])


def test_a_command_reading_sys_argv_is_run_with_argument_lists_from_its_parser(
    greeter: tuple[Path, GenerationReport], tmp_path: Path
) -> None:
    root, report = greeter
    assert report.test_file is not None
    without = generated(tmp_path, "greeter", GREETER, WITHOUT_COMMANDS)

    assert returned(report, "main") == [0] * len(returned(report, "main")) != []
    assert returned(without, "main") == []
    text = report.test_file.read_text()
    assert "monkeypatch.setattr(sys, \"argv\", ['greeter', *argv])" in text
    assert "pytest.param(['--shout', 'name'], 0, 'HELLO NAME\\n'" in text
    assert "assert capsys.readouterr().out == stdout" in text
    assert run_pytest(report.test_file, root / "src")[0] == 0


def test_a_command_taking_its_argument_list_is_called_with_it(tmp_path: Path) -> None:
    report = generated(tmp_path, "counter", COUNTER, None)
    assert report.test_file is not None

    text = report.test_file.read_text()
    assert "    assert main(argv) == expected\n" in text and "monkeypatch" not in text
    assert {0, 1} <= set(returned(report, "main"))
    assert run_pytest(report.test_file, tmp_path / "src")[0] == 0


def test_what_one_function_returns_is_given_to_the_others(tmp_path: Path) -> None:
    report = generated(tmp_path / "with", "signed", SIGNED, None)
    without = generated(tmp_path / "without", "signed", SIGNED, WITHOUT_CHAINING)
    assert report.test_file is not None

    assert True in returned(report, "verify")
    assert True not in returned(without, "verify")
    assert re.search(
        r"# chained: token='(\w+)\.[0-9a-f]{8}', returned by sign\('\1'\)\n",
        report.test_file.read_text(),
    )
    assert run_pytest(report.test_file, tmp_path / "with" / "src")[0] == 0


def test_a_table_code_run_at_import_extends_is_asserted_whole(
    units: tuple[Path, GenerationReport],
) -> None:
    _, report = units
    assert report.test_file is not None
    text = report.test_file.read_text()

    assert "def test_tables_as_built_at_import():\n" in text
    assert "    assert RULES == [\n        ('(?i)^pound$', 'lb'),\n" in text
    assert "line 12: 0 → 1" in {str(m) for m in report.killed_mutants}
