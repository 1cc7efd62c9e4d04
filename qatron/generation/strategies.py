"""Candidate inputs for a function: boundary values, one per partition, and a search.

``value_pools`` gives each parameter the values worth trying, each with the reason it is
there (``"boundary: value <= 0 (at 0)"``); ``one_at_a_time`` varies one parameter of a base
call at a time over its pool; ``random_calls`` draws combinations for the coverage-guided
search (``qatron.generation.engine`` keeps those that reach branches not reached before).
"""

from __future__ import annotations

import ast
import contextlib
import enum
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from qatron.generation.analysis import Boundary, FunctionInfo, Param, Partition

__all__ = ["Call", "Choice", "STRATEGIES", "module_constants", "one_at_a_time",
           "random_calls", "value_pools"]

#: The strategies ``--strategies`` chooses from.
STRATEGIES = ("boundary", "partition", "search", "exceptions", "properties", "literals",
              "commandline", "chaining")

_MAX_POOL = 14
_MAX_LENGTH = 300

_BY_TYPE: dict[str, list[object]] = {
    "int": [0, 1, -1, 2, 10, 100],
    "float": [0.0, 1.5, -1.0, 100.25],
    "str": ["", "a", "abc", "Hello World", "123", "a_b-c", " x ", "user@example.com",
            "2024-01-31", "https://example.com/a?b=1", "4111111111111111"],
    "bytes": [b"", b"abc"],
    "bool": [True, False],
    "list": [[], [1], [1, 2, 3]],
    "tuple": [(), (1,), (1, 2)],
    "dict": [{}, {"a": 1}],
    "set": [set(), {1}],
    "frozenset": [frozenset(), frozenset({1})],
    "None": [None],
    "NoneType": [None],
}
_ANY: list[object] = [None, 0, 1, -1, "", "abc", "123", 1.5, True, [], [1, 2], {}, (1, 2),
                      "user@example.com", "Hello World", "4111111111111111"]


@dataclass(frozen=True)
class Choice:
    """A value for one parameter, and why it was chosen (``kind``: boundary, partition,
    default, typical, path)."""

    value: object
    kind: str
    note: str


@dataclass
class Call:
    """One candidate call: a value per parameter (by name), the reason for the one that
    differs from the base call."""

    values: dict[str, Choice]
    kind: str
    note: str
    init: Call | None = None  # for a method: the constructor's call
    extra: dict[str, Any] = field(default_factory=dict)

    def arguments(self, params: list[Param]) -> tuple[list[object], dict[str, object]]:
        """Positional and keyword arguments (fresh copies of mutable values)."""
        args: list[object] = []
        kwargs: dict[str, object] = {}
        for param in params:
            if param.name not in self.values:
                continue
            value = _copy(self.values[param.name].value)
            if param.kind == "positional":
                args.append(value)
            elif param.kind == "keyword":
                kwargs[param.name] = value
        return args, kwargs


def _copy(value: object) -> object:
    if isinstance(value, (list, dict, set)):
        import copy
        return copy.deepcopy(value)
    return value


def module_constants(source: str) -> list[object]:
    """Short string and number literals of the module (seeds for parameters of any type)."""
    seen: list[object] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float, str):
            value = node.value
            if isinstance(value, str) and (len(value) > 40 or "\n" in value):
                continue
            if value not in seen and not (isinstance(value, str) and value.startswith("%")):
                seen.append(value)
    return seen[:40]


def value_pools(info: FunctionInfo, module: ModuleType, constants: list[object],
                enabled: set[str]) -> dict[str, list[Choice]]:
    """For each plain parameter, the values to try, the default (or a typical one) first."""
    pools: dict[str, list[Choice]] = {}
    for param in info.params:
        if param.kind not in ("positional", "keyword"):
            continue
        pool: list[Choice] = []
        if param.default is not None:
            with contextlib.suppress(Exception):  # a default we cannot rebuild is left out
                pool.append(Choice(eval(param.default, vars(module)), "default",  # noqa: S307
                                   f"default {param.name}={param.default}"))
        for value in _typical(param, module):
            pool.append(Choice(value, "typical", f"{param.name}={_short(value)}"))
        if "boundary" in enabled:
            for boundary in info.boundaries:
                if boundary.subject == param.name:
                    pool += _boundary_values(boundary, param, module)
            if param.optional:
                pool.append(Choice(None, "boundary", f"{param.name} is None (allowed)"))
            pool += _empty_values(param)
        if "partition" in enabled:
            for partition in info.partitions:
                if partition.subject == param.name:
                    pool += _partition_values(partition, param, module)
        pools[param.name] = _dedupe(pool)
        pools[param.name + "\0seeds"] = [Choice(value, "path", "") for value in constants]
    return pools


def _typical(param: Param, module: ModuleType) -> list[object]:
    names = _annotation_names(param.annotation)
    values: list[object] = []
    for name in names:
        enum_class = getattr(module, name, None)
        if isinstance(enum_class, type) and issubclass(enum_class, enum.Enum):
            values += list(enum_class)[:6]
        values += _BY_TYPE.get(name.lower(), [])
        if name in ("Mapping", "MutableMapping"):
            values += _BY_TYPE["dict"]
        if name in ("Sequence", "Iterable", "Collection"):
            values += _BY_TYPE["list"]
    if not values:
        values = list(_ANY)
    return values[:16]


def _annotation_names(annotation: str | None) -> list[str]:
    if not annotation:
        return []
    try:
        tree = ast.parse(annotation.strip("'\""), mode="eval")
    except SyntaxError:
        return []
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
        elif isinstance(node, ast.Constant) and node.value is None:
            names.append("None")
    if "Any" in names or "object" in names:
        return []
    return names


def _short(value: object) -> str:
    if isinstance(value, enum.Enum):
        return f"{type(value).__name__}.{value.name}"
    text = repr(value)
    return text if len(text) <= 30 else text[:27] + "..."


def _resolve(name: str | None, module: ModuleType) -> object:
    if name is None:
        return None
    value: object = module
    for part in name.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def _boundary_values(boundary: Boundary, param: Param, module: ModuleType) -> list[Choice]:
    constant = boundary.constant
    if isinstance(constant, str) and boundary.named:
        constant = _resolve(boundary.named, module)
    where = boundary.source
    if boundary.of_length:
        if not isinstance(constant, int) or isinstance(constant, bool):
            return []
        lengths = [n for n in (constant - 1, constant, constant + 1) if 0 <= n <= _MAX_LENGTH]
        if "list" in (param.annotation or ""):
            return [Choice([0] * n, "boundary", f"{where}: length {n}") for n in lengths]
        return [Choice(text, "boundary", f"{where}: length {n}") for n in lengths
                for text in ("1" * n, ("a1" * n)[:n])]
    if isinstance(constant, bool) or constant is None:
        return [Choice(constant, "boundary", f"{where}: {constant!r}")]
    if isinstance(constant, int):
        numbers = (constant - 1, constant, constant + 1)
        if param.annotation == "str":  # int(p[:2]) < 51: the digits as text
            return [Choice(str(n), "boundary", f"{where}: {str(n)!r}") for n in numbers]
        return [Choice(n, "boundary", f"{where}: {n}") for n in numbers]
    if isinstance(constant, float):
        return [Choice(n, "boundary", f"{where}: {n!r}")
                for n in (math.nextafter(constant, -math.inf), constant,
                          math.nextafter(constant, math.inf))]
    if isinstance(constant, (str, bytes)):
        return [Choice(constant, "boundary", f"{where}: {constant!r}")]
    return []


def _empty_values(param: Param) -> list[Choice]:
    names = {name.lower() for name in _annotation_names(param.annotation)}
    found: list[Choice] = []
    for kind in ("str", "list", "tuple", "dict", "set", "bytes"):
        if kind in names:
            empty, single = _BY_TYPE[kind][0], _BY_TYPE[kind][1]
            found += [Choice(empty, "boundary", f"empty {param.name}"),
                      Choice(single, "boundary", f"one-element {param.name}")]
    return found


def _partition_values(partition: Partition, param: Param, module: ModuleType) -> list[Choice]:
    note = partition.source
    if partition.kind == "type":
        found = []
        for name in partition.values:
            for value in _BY_TYPE.get(str(name).rsplit(".", 1)[-1], [])[:2]:
                found.append(Choice(value, "partition", f"{note}: {type(value).__name__}"))
        found.append(Choice(None, "partition", f"not {note}: None"))
        return found
    members = list(partition.values)
    resolved = _resolve(partition.named, module)
    if isinstance(resolved, enum.EnumMeta):
        members += list(resolved)
    elif isinstance(resolved, (dict, set, frozenset, list, tuple, str)):
        items = list(resolved)
        members += sorted(items, key=repr) if not isinstance(resolved, (list, tuple)) else items
    elif resolved is not None and partition.kind == "equals":
        members.append(resolved)
    found = [Choice(value, "partition", f"{note}: {value!r}") for value in members[:8]]
    if partition.kind == "prefix":
        found += [Choice(f"{value}1234", "partition", f"{note}: {value!r}…")
                  for value in members[:6] if isinstance(value, str)]
    if members and all(isinstance(value, str) for value in members):
        found.append(Choice("zzz", "partition", f"not {note}"))
        found += [Choice(value.lower() if value.isupper() else value.upper(), "partition",
                         f"{note}: other case of {value!r}") for value in members[:2]
                  if isinstance(value, str)]
    elif members and all(isinstance(value, int) for value in members):
        found.append(Choice(-999, "partition", f"not {note}"))
    return found


def _dedupe(pool: list[Choice]) -> list[Choice]:
    """The pool without repeated values (a boundary or partition reason wins over "typical"),
    the default or first typical value first: it is the base of the other calls."""
    defaults = [c for c in pool if c.kind == "default"]
    typical = [c for c in pool if c.kind == "typical"]
    special = [c for c in pool if c.kind not in ("default", "typical")]
    base = (defaults or typical or special)[:1]
    seen: set[tuple[type, str]] = set()
    kept: list[Choice] = []
    for choice in [*base, *defaults, *special, *typical]:
        key = (type(choice.value), repr(choice.value))
        if key not in seen:
            seen.add(key)
            kept.append(choice)
    return kept[:_MAX_POOL + len(special) // 2]


def _plain(pools: dict[str, list[Choice]]) -> dict[str, list[Choice]]:
    return {name: pool for name, pool in pools.items() if "\0" not in name}


def one_at_a_time(base: dict[str, Choice], pools: dict[str, list[Choice]]) -> Iterator[Call]:
    """The base call, then each parameter over its pool with the others at the base."""
    shown = ", ".join(f"{name}={_short(choice.value)}" for name, choice in base.items())
    yield Call(dict(base), "default", f"typical values {shown}" if shown else "no arguments")
    for name, pool in _plain(pools).items():
        for choice in pool:
            if choice is base[name]:
                continue
            yield Call({**base, name: choice}, choice.kind, choice.note)


def random_calls(pools: dict[str, list[Choice]], rng: random.Random, count: int,
                 ) -> Iterator[Call]:
    """``count`` random combinations of the pools and the module's constants."""
    plain = _plain(pools)
    for _ in range(count):
        values = {}
        for name, pool in plain.items():
            seeds = pools.get(name + "\0seeds", [])
            source = seeds if seeds and rng.random() < 0.3 else pool
            values[name] = rng.choice(source) if source else Choice(None, "path", "")
        yield Call(values, "path", "")
