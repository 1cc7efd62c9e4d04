"""Expectation files: names checked without Great Expectations, arguments with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from qatron.datasets.expectations import (
    EXPECTATION_NAMES,
    gx_classes,
    load_expectations,
    parse_expectations,
    to_gx,
)
from qatron.errors import ConfigError
from tests.datasets import dedent


def write(tmp_path: Path, text: str, name: str = "expectations.yml") -> Path:
    path = tmp_path / name
    path.write_text(dedent(text))
    return path


def test_names_and_arguments_with_their_lines(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        expectations:
          - expect_column_values_to_not_be_null: {column: id}
          - expect_column_values_to_be_between:
              column: age
              min_value: 18
          - expect_table_row_count_to_be_between: {min_value: 1}
    """)

    specs = load_expectations(path)

    assert [(s.name, s.kwargs, s.key, s.line) for s in specs] == [
        ("expect_column_values_to_not_be_null", {"column": "id"},
         "expectations[0].expect_column_values_to_not_be_null", 2),
        ("expect_column_values_to_be_between", {"column": "age", "min_value": 18},
         "expectations[1].expect_column_values_to_be_between", 3),
        ("expect_table_row_count_to_be_between", {"min_value": 1},
         "expectations[2].expect_table_row_count_to_be_between", 6),
    ]
    assert specs[1].arg_lines == {"column": 4, "min_value": 5}


def test_an_unknown_name_names_file_line_key_and_the_closest_expectation(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        expectations:
          - expect_column_values_to_not_be_null: {column: id}
          - expect_table_row_count_to_be_between: {min_value: 1}
          - expect_column_values_to_be_between: {column: age, min_value: 18}
          - expect_colum_values_to_be_unique: {column: email}
    """)

    with pytest.raises(ConfigError) as caught:
        load_expectations(path)
    assert str(caught.value) == (
        f"{path}:5: expectations[3].expect_colum_values_to_be_unique: expected the snake_case "
        f"name of a Great Expectations expectation; did you mean "
        f"'expect_column_values_to_be_unique'?")


def test_a_name_like_nothing_known_points_at_the_catalogue() -> None:
    with pytest.raises(ConfigError) as caught:
        parse_expectations([{"rows_look_fine": None}], "block qatron-dataset/users")
    assert str(caught.value) == (
        "block qatron-dataset/users: expectations[0].rows_look_fine: expected the snake_case "
        "name of a Great Expectations expectation (see great_expectations.expectations, e.g. "
        "'expect_column_values_to_not_be_null')")


def test_items_must_be_one_name_with_a_mapping_of_arguments(tmp_path: Path) -> None:
    two = write(tmp_path, """\
        expectations:
          - {expect_column_to_exist: {column: id}, expect_table_row_count_to_equal: {value: 1}}
    """)
    with pytest.raises(ConfigError) as caught:
        load_expectations(two)
    assert str(caught.value).startswith(
        f"{two}:2: expectations[0]: expected a mapping of one expectation name to its "
        f"arguments, e.g. {{expect_column_values_to_not_be_null: {{column: id}}}}; got ")
    listed = write(tmp_path, "- expect_column_to_exist: [id]\n", "listed.yml")
    with pytest.raises(ConfigError) as caught:
        load_expectations(listed)
    assert str(caught.value) == (f"{listed}:1: expectations[0].expect_column_to_exist: "
                                 f"expected a mapping of arguments, e.g. {{column: id}}; "
                                 f"got ['id']")


def test_a_json_file_and_its_syntax_errors(tmp_path: Path) -> None:
    good = write(tmp_path, """\
        {"expectations": [
          {"expect_column_to_exist": {"column": "id"}},
          {"expect_column_values_to_be_unique": {"column": "email"}}
        ]}
    """, "good.json")
    assert [(s.name, s.line) for s in load_expectations(good)] == [
        ("expect_column_to_exist", 2), ("expect_column_values_to_be_unique", 3)]
    broken = write(tmp_path, '{"expectations": [\n  {"expect_column_to_exist": }\n]}\n',
                   "broken.json")
    with pytest.raises(ConfigError) as caught:
        load_expectations(broken)
    assert str(caught.value) == f"{broken}:2: not valid JSON (Expecting value)"


def test_a_missing_file_or_a_non_list(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_expectations(tmp_path / "nope.yml", "datasets.users.expectations")
    assert str(caught.value) == (
        f"datasets.users.expectations: {tmp_path / 'nope.yml'}: no such file. Write the "
        f"dataset's expectations there (a YAML or JSON list under 'expectations:'), or fix "
        f"the path.")
    scalar = write(tmp_path, "expectations: 3\n")
    with pytest.raises(ConfigError, match="expected a list of expectations under "
                                          "'expectations:'; got int"):
        load_expectations(scalar)


def test_the_name_list_is_great_expectations_own() -> None:
    assert set(gx_classes()) == EXPECTATION_NAMES


def test_bad_arguments_name_the_argument_its_line_and_what_it_takes(tmp_path: Path) -> None:
    path = write(tmp_path, """\
        expectations:
          - expect_column_values_to_not_be_null: {column: id}
          - expect_column_values_to_be_between:
              column: age
              min_valu: 18
    """)

    with pytest.raises(ConfigError) as caught:
        to_gx(load_expectations(path))
    assert str(caught.value) == (
        f"{path}:5: expectations[1].expect_column_values_to_be_between.min_valu: unknown "
        f"argument; did you mean 'min_value'? it takes: column, mostly, row_condition, "
        f"condition_parser, min_value, max_value, strict_min, strict_max")


def test_a_wrong_type_a_missing_argument_and_a_rule_of_the_expectation() -> None:
    def error(item: dict) -> str:
        with pytest.raises(ConfigError) as caught:
            to_gx(parse_expectations([item], "users.yml"))
        return str(caught.value)

    assert error({"expect_column_values_to_be_between": {"column": "age", "min_value": "x"}}) \
        == ("users.yml: expectations[0].expect_column_values_to_be_between.min_value: "
            "expected float, dict, date or datetime; got 'x'")
    assert error({"expect_column_values_to_be_unique": None}) == (
        "users.yml: expectations[0].expect_column_values_to_be_unique.column: this argument "
        "is required")
    assert error({"expect_column_values_to_be_between": {"column": "age"}}) == (
        "users.yml: expectations[0].expect_column_values_to_be_between: min_value and "
        "max_value cannot both be None")
