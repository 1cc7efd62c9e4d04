"""How a schema file's text becomes data, and its problems become messages.

Short forms expand to mappings (``int:18..90`` → ``{type: int, min: 18, max:
90}``); an error is ``file:line: dotted.key: expected …; got …``, the line
being that of the deepest key of the location found in the YAML.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from qatron.config import _expected

TYPES = ("uuid", "serial", "name", "email", "timestamp", "int", "float", "enum", "bool", "ref",
         "json", "text")
_RANGED = {"int": ("min", "max"), "float": ("min", "max"), "timestamp": ("start", "end"),
           "text": ("min_words", "max_words")}
_RANGE = re.compile(r"^\s*(\S+?)\s*\.\.\s*(\S+)\s*$")


class Problem(Exception):  # not ValueError: pydantic would wrap it
    """A schema key and what it should have been (raised while validating)."""

    def __init__(self, loc: tuple[str, ...], expected: str) -> None:
        super().__init__(expected)
        self.loc, self.expected = loc, expected


def expand(data: dict[str, Any]) -> dict[str, Any]:
    """Short forms to mappings (``int:1..9`` → ``{type: int, min: 1, max: 9}``)."""
    tables = data.get("tables")
    if not isinstance(tables, dict):
        return data
    if not tables:
        raise Problem(("tables",), "expected at least one table")
    expanded = {}
    for name, table in tables.items():
        if isinstance(table, dict) and isinstance(table.get("columns"), dict):
            columns = table["columns"]
            if not columns:
                raise Problem(("tables", str(name), "columns"), "expected at least one column")
            table = {**table, "columns": {
                column: _expand_column(("tables", str(name), "columns", str(column)), spec)
                for column, spec in columns.items()}}
        expanded[name] = table
    return {**data, "tables": expanded}


def _expand_column(loc: tuple[str, ...], spec: Any) -> Any:
    if isinstance(spec, str):
        return _short_form(loc, spec)
    if not isinstance(spec, dict):
        raise Problem(loc, f"expected a column type ({', '.join(TYPES)}) or a mapping with "
                           f"'type'; got {spec!r}")
    if "type" not in spec:
        raise Problem(loc + ("type",), f"this key is required: one of {', '.join(TYPES)}")
    if not isinstance(spec["type"], str):
        raise Problem(loc + ("type",), f"expected one of {', '.join(TYPES)}; got "
                                       f"{spec['type']!r}")
    return {**_short_form(loc + ("type",), spec["type"]),
            **{key: value for key, value in spec.items() if key != "type"}}


def _short_form(loc: tuple[str, ...], text: str) -> dict[str, Any]:
    kind, colon, argument = text.partition(":")
    kind = kind.strip()
    if kind not in TYPES:
        raise Problem(loc, f"expected a column type ({', '.join(TYPES)}); got {text!r}")
    if not colon:
        return {"type": kind}
    if kind == "ref":
        return {"type": "ref", "to": argument.strip()}
    if kind == "enum":
        return {"type": "enum", "values": [value.strip() for value in argument.split(",")]}
    match = _RANGE.match(argument)
    if kind not in _RANGED or not match:
        forms = {"int": "int:<min>..<max>", "float": "float:<min>..<max>",
                 "timestamp": "timestamp:<start>..<end>", "text": "text:<min>..<max> words"}
        expected = forms.get(kind, f"{kind} without ':'")
        raise Problem(loc, f"expected {expected}; got {text!r}")
    low, high = _RANGED[kind]
    return {"type": kind, low: match.group(1), high: match.group(2)}


def describe(exc: ValidationError, path: Path, root: yaml.Node | None) -> str:
    """One ``file:line: key: expected`` line per key pydantic found wrong."""
    lines: dict[tuple[str, ...], str] = {}
    for err in exc.errors():
        loc = _clean(tuple(str(part) for part in err["loc"]))
        if err["type"] == "string_pattern_mismatch":
            expected = (f"expected a name of letters, digits and '_' (not starting with a "
                        f"digit); got {err['input']!r}")
        elif err["type"] in ("model_type", "dict_type"):
            expected = f"expected a mapping; got {err['input']!r}"
        else:
            expected = _expected(err)
        lines.setdefault(loc, format_error(path, root, loc, expected))
    return "\n".join(lines.values())


def _clean(loc: tuple[str, ...]) -> tuple[str, ...]:
    """Drop pydantic's '[key]' markers and the column-type tag from an error location."""
    loc = tuple(part for part in loc if part != "[key]")
    if len(loc) > 4 and loc[0] == "tables" and loc[2] == "columns" and loc[4] in TYPES:
        loc = loc[:4] + loc[5:]
    return loc


def format_error(path: Path, root: yaml.Node | None, loc: tuple[str, ...], what: str) -> str:
    line = _line_of(root, loc)
    where = f"{path}:{line}" if line else str(path)
    return f"{where}: {'.'.join(loc) or '(top level)'}: {what}"


def _line_of(node: yaml.Node | None, loc: tuple[str, ...]) -> int | None:
    """The 1-based line of the deepest key of ``loc`` found in the YAML tree.

    The key's line, not its value's: a misspelt table name is reported where it is written.
    """
    found = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if not isinstance(node, yaml.MappingNode):
            break
        pair = next(((k, v) for k, v in node.value if str(k.value) == part), None)
        if pair is None:
            break
        found, node = pair[0].start_mark.line + 1, pair[1]
    return found
