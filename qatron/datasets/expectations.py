"""Expectation files: a list of Great Expectations expectations by their snake_case names.

::

    expectations:
      - expect_column_values_to_not_be_null: {column: id}
      - expect_column_values_to_be_between: {column: age, min_value: 18, max_value: 90}
      - expect_table_row_count_to_be_between: {min_value: 1}

Each name is a class of ``great_expectations.expectations`` in snake_case
(``ExpectColumnValuesToNotBeNull``); its mapping holds the class's arguments.
Reading a file checks the names (without importing Great Expectations, which
takes seconds); :func:`to_gx` checks the arguments by building the GX objects.
Every error is a ConfigError naming ``file:line``, the key and what was expected.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from qatron.config import _line_of, _yaml_problem
from qatron.errors import ConfigError

if TYPE_CHECKING:  # imported when used: Great Expectations takes seconds to import
    from great_expectations.expectations.expectation import Expectation
    from pydantic.v1.error_wrappers import ErrorDict

#: The expectations of great_expectations 1.24.1 (tests/datasets checks this list against GX).
EXPECTATION_NAMES = frozenset({
    "expect_column_distinct_values_to_be_in_set",
    "expect_column_distinct_values_to_contain_set",
    "expect_column_distinct_values_to_equal_set",
    "expect_column_kl_divergence_to_be_less_than",
    "expect_column_max_to_be_between",
    "expect_column_mean_to_be_between",
    "expect_column_median_to_be_between",
    "expect_column_min_to_be_between",
    "expect_column_most_common_value_to_be_in_set",
    "expect_column_pair_values_a_to_be_greater_than_b",
    "expect_column_pair_values_to_be_equal",
    "expect_column_pair_values_to_be_in_set",
    "expect_column_proportion_of_non_null_values_to_be_between",
    "expect_column_proportion_of_unique_values_to_be_between",
    "expect_column_quantile_values_to_be_between",
    "expect_column_stdev_to_be_between",
    "expect_column_sum_to_be_between",
    "expect_column_to_exist",
    "expect_column_type_to_be",
    "expect_column_unique_value_count_to_be_between",
    "expect_column_value_lengths_to_be_between",
    "expect_column_value_lengths_to_equal",
    "expect_column_value_z_scores_to_be_less_than",
    "expect_column_values_to_be_between",
    "expect_column_values_to_be_dateutil_parseable",
    "expect_column_values_to_be_decreasing",
    "expect_column_values_to_be_in_set",
    "expect_column_values_to_be_in_type_list",
    "expect_column_values_to_be_increasing",
    "expect_column_values_to_be_json_parseable",
    "expect_column_values_to_be_null",
    "expect_column_values_to_be_of_type",
    "expect_column_values_to_be_unique",
    "expect_column_values_to_match_json_schema",
    "expect_column_values_to_match_like_pattern",
    "expect_column_values_to_match_like_pattern_list",
    "expect_column_values_to_match_regex",
    "expect_column_values_to_match_regex_list",
    "expect_column_values_to_match_strftime_format",
    "expect_column_values_to_not_be_in_set",
    "expect_column_values_to_not_be_null",
    "expect_column_values_to_not_be_outliers",
    "expect_column_values_to_not_match_like_pattern",
    "expect_column_values_to_not_match_like_pattern_list",
    "expect_column_values_to_not_match_regex",
    "expect_column_values_to_not_match_regex_list",
    "expect_compound_columns_to_be_unique",
    "expect_multicolumn_sum_to_equal",
    "expect_multicolumn_values_to_be_equal",
    "expect_query_results_to_match_comparison",
    "expect_select_column_values_to_be_unique_within_record",
    "expect_table_column_count_to_be_between",
    "expect_table_column_count_to_equal",
    "expect_table_columns_to_match_ordered_list",
    "expect_table_columns_to_match_set",
    "expect_table_row_count_to_be_between",
    "expect_table_row_count_to_equal",
    "expect_table_row_count_to_equal_other_table",
    "unexpected_rows_expectation",
})

_ITEM_SHAPE = ("a mapping of one expectation name to its arguments, e.g. "
               "{expect_column_values_to_not_be_null: {column: id}}")


@dataclass(frozen=True)
class ExpectationSpec:
    """One expectation as written: its name, arguments and where it was written.

    ``origin`` is the file (or ``QatronDataset 'users'`` for a Block), ``line``
    the item's line and ``arg_lines`` each argument's, when known.
    """

    name: str
    kwargs: dict[str, Any]
    key: str
    origin: str
    line: int | None = None
    arg_lines: dict[str, int] = field(default_factory=dict)

    def where(self, argument: str | None = None) -> str:
        line = self.arg_lines.get(argument or "", self.line)
        return f"{self.origin}:{line}" if line else self.origin


def load_expectations(path: Path, key: str = "expectations") -> list[ExpectationSpec]:
    """Read a YAML or JSON expectations file; ``key`` is the qatron.yml key that names it."""
    if not path.is_file():
        raise ConfigError(f"{key}: {path}: no such file. Write the dataset's expectations "
                          f"there (a YAML or JSON list under 'expectations:'), or fix the path.")
    text = path.read_text(encoding="utf-8")
    root = _compose(text)
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: {_yaml_problem(exc)}") from None
    if isinstance(data, Mapping) and "expectations" in data:
        data, root = data["expectations"], _child(root, "expectations")
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a list of expectations under 'expectations:'; "
                          f"got {type(data).__name__}")
    return parse_expectations(data, str(path), root)


def parse_expectations(items: Sequence[Any], origin: str = "expectations",
                       root: yaml.Node | None = None) -> list[ExpectationSpec]:
    """Check a list of ``{name: {arguments}}`` items (from a file or a Block)."""
    return [_spec(item, index, origin, root) for index, item in enumerate(items)]


def _spec(item: Any, index: int, origin: str, root: yaml.Node | None) -> ExpectationSpec:
    line = _line_of(root, (str(index),)) if root is not None else None
    where = f"{origin}:{line}" if line else origin
    if not isinstance(item, Mapping) or len(item) != 1:
        raise ConfigError(f"{where}: expectations[{index}]: expected {_ITEM_SHAPE}; "
                          f"got {item!r}")
    (name, kwargs), = item.items()
    key = f"expectations[{index}].{name}"
    if name not in EXPECTATION_NAMES:
        raise ConfigError(f"{where}: {key}: {_unknown(str(name))}")
    if kwargs is None:
        kwargs = {}
    if not isinstance(kwargs, Mapping):
        raise ConfigError(f"{where}: {key}: expected a mapping of arguments, e.g. "
                          f"{{column: id}}; got {kwargs!r}")
    node = _child(_child(root, str(index)), str(name)) if root is not None else None
    arg_lines = {arg: value.start_mark.line + 1 for arg, value in _arguments(node)}
    return ExpectationSpec(name=str(name), kwargs=dict(kwargs), key=key, origin=origin,
                           line=line, arg_lines=arg_lines)


def _arguments(node: yaml.Node | None) -> list[tuple[str, yaml.Node]]:
    """Each argument's name and value node, from the node of an expectation's mapping."""
    if not isinstance(node, yaml.MappingNode):
        return []
    return [(str(key.value), value) for key, value in node.value]


def _unknown(name: str) -> str:
    close = difflib.get_close_matches(name, sorted(EXPECTATION_NAMES), n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else \
        " (see great_expectations.expectations, e.g. 'expect_column_values_to_not_be_null')"
    return f"expected the snake_case name of a Great Expectations expectation{hint}"


def to_gx(specs: Sequence[ExpectationSpec]) -> list[Expectation]:
    """The GX expectation objects of ``specs``; bad arguments raise ConfigError.

    Imports Great Expectations (seconds the first time).
    """
    from great_expectations.compatibility.pydantic import ValidationError

    classes = gx_classes()
    built = []
    for spec in specs:
        cls = classes[spec.name]
        try:
            built.append(cls(**spec.kwargs))
        except ValidationError as exc:
            raise ConfigError(_bad_arguments(spec, cls, exc.errors())) from None
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"{spec.where()}: {spec.key}: {exc}") from None
    return built


def gx_classes() -> dict[str, type[Expectation]]:
    """The expectation classes of ``great_expectations.expectations`` by snake_case name."""
    import great_expectations.expectations as gxe
    from great_expectations.expectations.expectation import Expectation

    found: dict[str, type[Expectation]] = {}
    for attribute in dir(gxe):
        cls = getattr(gxe, attribute)
        if isinstance(cls, type) and issubclass(cls, Expectation) and cls.expectation_type:
            found[cls.expectation_type] = cls
    return found


def arguments(cls: type[Expectation]) -> list[str]:
    """The arguments an expectation class takes beyond every expectation's own."""
    from great_expectations.expectations.expectation import Expectation

    common = set(Expectation.__fields__) | {"batch_id"}
    return [name for name in cls.__fields__ if name not in common]


def _bad_arguments(spec: ExpectationSpec, cls: type[Expectation],
                   errors: list[ErrorDict]) -> str:
    """One line per bad argument; a misspelt one stands for the required one it resembles."""
    by_argument: dict[str, list[str]] = {}
    for error in errors:
        argument = str(error["loc"][0]) if error["loc"] else "__root__"
        by_argument.setdefault(argument, []).append(error["msg"])
    if len(by_argument) > 1:  # a root check failing because an argument was rejected
        by_argument.pop("__root__", None)
    takes = arguments(cls)
    meant = {argument: _closest(argument, takes) for argument, messages in by_argument.items()
             if "extra fields not permitted" in messages}
    problems = []
    for argument, messages in sorted(by_argument.items(), key=lambda item: item[0] not in meant):
        if argument == "__root__":
            problems.append(f"{spec.where()}: {spec.key}: {'; '.join(dict.fromkeys(messages))}")
        elif argument in meant:
            hint = f"did you mean {meant[argument]!r}? " if meant[argument] else ""
            problems.append(f"{spec.where(argument)}: {spec.key}.{argument}: unknown argument; "
                            f"{hint}it takes: {', '.join(takes)}")
        elif argument not in meant.values():
            what = _argument_problem(argument, messages, spec.kwargs)
            problems.append(f"{spec.where(argument)}: {spec.key}.{argument}: {what}")
    return "\n".join(problems)


def _closest(argument: str, takes: list[str]) -> str | None:
    close = difflib.get_close_matches(argument, takes, n=1)
    return close[0] if close else None


def _argument_problem(argument: str, messages: list[str], given: Mapping[str, Any]) -> str:
    if "field required" in messages:
        return "this argument is required"
    wanted = list(dict.fromkeys(re.sub(r"^(value is not a valid |invalid )|( format)$", "", m)
                                for m in messages))
    alternatives = ", ".join(wanted[:-1]) + " or " + wanted[-1] if len(wanted) > 1 else wanted[0]
    return f"expected {alternatives}; got {given.get(argument)!r}"


def _compose(text: str) -> yaml.Node | None:
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return None  # reported by the parser below with its own position


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        return next((value for name, value in node.value if str(name.value) == key), None)
    if isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
        item: yaml.Node = node.value[int(key)]
        return item
    return None
