"""Hypothesis properties that held on every recorded example, kept only if they pass.

- round trip: ``decode(encode(x)) == x`` for a pair named ``to_X``/``from_X``,
  ``toX``/``fromX``, ``encode*``/``decode*``, ``dumps``/``loads``, ``serialize``/
  ``deserialize``;
- idempotence: ``f(f(x)) == f(x)`` for a one-argument function returning its input's type;
- invariant: the type every example returned.

Inputs the function refuses with the exceptions its examples raised are skipped in the
property. Each property is run three times in-process (derandomised) before it is kept.
"""

from __future__ import annotations

import hashlib
import linecache
import math
import re
import time
from collections.abc import Callable, Iterator

from hypothesis import strategies as st

from qatron.generation.budget import Budget
from qatron.generation.engine import FunctionResult, Property
from qatron.generation.loading import Target
from qatron.generation.oracle import CallTimeout, Imports, Unwritable, deadline, guarded, render

__all__ = ["find_properties"]

_PAIRS = [(r"^to(_?\w+)$", "from{}"), (r"^encode(\w*)$", "decode{}"), (r"^dumps()$", "loads{}"),
          (r"^serialize(\w*)$", "deserialize{}")]
_STRATEGIES = {"int": "st.integers()", "str": "st.text()", "float": "st.floats(allow_nan=False)",
               "bool": "st.booleans()", "bytes": "st.binary()"}
_SETTINGS = "@settings(max_examples=60, derandomize=True, deadline=None, database=None)"
#: The check before a property is kept: more examples, drawn at random each time (the
#: derandomised examples of the written test depend on where it is defined).
_CHECK = "@settings(max_examples=200, deadline=None, database=None)"
#: The most one run of a property's test may take, and the most a check deferred for its
#: cost may be estimated to take.
_SECONDS = 10.0
#: The examples a property's check runs (the written test's, then three random runs), and
#: the seconds Hypothesis takes per example before one check measured it.
_EXAMPLES = 60 + 3 * 200
_OVERHEAD = 0.002


def find_properties(target: Target, results: list[FunctionResult],
                    budget: Budget | None = None) -> None:
    """Add to each function's result the properties that hold for it, while ``budget``
    lasts. Each check's cost is estimated from the seconds its function's calls took: one
    over ``_SECONDS`` is not made (a note says so); the others are made round trips first,
    each if it fits an equal share of the time left (the rest later, cheapest first, if they
    fit what is then left). A check still running when the time is up fails (the property is
    left out)."""
    budget = budget or Budget(math.inf)
    by_name = {r.info.qualname: r for r in results if r.cases and r.info.class_name is None}
    found = sorted(((rank, seconds, result, prop) for name, result in by_name.items()
                    if _one_argument(result)
                    for rank, seconds, prop in _candidates(name, result, by_name, target)),
                   key=lambda item: item[:2])
    checker = _Checker(target, budget)
    later = []
    for index, (_, seconds, result, prop) in enumerate(found):
        cost = checker.cost(seconds)
        if cost > _SECONDS:
            result.notes.append(f"{_name(prop)} not checked: its check would take about "
                                f"{cost:.0f} s")
        elif cost > budget.left() / (len(found) - index):
            later.append((seconds, result, prop))
        else:
            checker.check(seconds, result, prop)
    for seconds, result, prop in sorted(later, key=lambda item: item[0]):
        if checker.cost(seconds) > budget.left():
            budget.note("the Hypothesis properties checked")
            return
        checker.check(seconds, result, prop)


def _name(prop: Property) -> str:
    return prop.code.split("def ", 1)[1].split("(", 1)[0]


class _Checker:
    """Checks properties, learning what Hypothesis itself takes per example."""

    def __init__(self, target: Target, budget: Budget) -> None:
        self.target = target
        self.budget = budget
        self.overheads = [_OVERHEAD]

    def cost(self, seconds: float) -> float:
        """The seconds a check takes whose example calls take ``seconds``."""
        return _EXAMPLES * (seconds + sum(self.overheads) / len(self.overheads))

    def check(self, seconds: float, result: FunctionResult, prop: Property) -> None:
        if "st.text()" in prop.code and not _text_ready(self.budget.end):
            self.budget.note("the Hypothesis properties checked")
            return
        started = time.monotonic()
        if _holds(prop, self.target, self.budget.end):
            result.properties.append(prop)
            elapsed = time.monotonic() - started
            self.overheads.append(max(0.0, elapsed / _EXAMPLES - seconds))


def _one_argument(result: FunctionResult) -> bool:
    return len([p for p in result.info.params
                if p.kind == "positional" and p.default is None]) == 1


def _candidates(name: str, result: FunctionResult, by_name: dict[str, FunctionResult],
                target: Target) -> Iterator[tuple[int, float, Property]]:
    """The properties worth checking for ``name``, each with its rank (round trips first,
    then idempotence, then the type returned: what they catch when the time is short) and
    the seconds the calls of one example take."""
    param = next(p for p in result.info.params if p.kind == "positional")
    returned = [c.outcome.value for c in result.examples if c.outcome.kind == "return"]
    raised = sorted({c.outcome.exc_type for c in result.examples if c.outcome.kind == "raise"
                     and c.outcome.exc_type is not None}, key=lambda t: t.__name__)
    imports: Imports = {(target.name, name)}
    try:
        strategy = _strategy(param.annotation, result, target, imports)
        refused = _refused(raised, target, imports)
    except Unwritable:
        return
    guard = f"    try:\n        {{call}}\n    except {refused}:\n        return\n" \
        if refused else "    {call}\n"
    for pattern, partner in _PAIRS:
        match = re.match(pattern, name)
        inverse = partner.format(match.group(1)) if match else ""
        if inverse in by_name and inverse != name:
            body = guard.format(call=f"encoded = {name}({param.name})")
            yield 0, result.seconds_per_call + by_name[inverse].seconds_per_call, Property(
                f"{_SETTINGS}\n@given({strategy})\ndef test_{inverse}_inverts_{name}"
                f"({param.name}):\n    \"\"\"Round trip: {inverse}({name}(x)) == x.\"\"\"\n"
                f"{body}    assert {inverse}(encoded) == {param.name}",
                imports | {(target.name, inverse)})
    if len(returned) >= 2 and len({type(v) for v in returned}) == 1:
        kind = type(returned[0])
        if kind.__name__ in _STRATEGIES and kind.__module__ == "builtins":
            body = guard.format(call=f"once = {name}({param.name})")
            yield 2, result.seconds_per_call, Property(
                f"{_SETTINGS}\n@given({strategy})\ndef test_{name}_returns_{kind.__name__}"
                f"({param.name}):\n    \"\"\"Invariant seen on every example: the result is "
                f"a {kind.__name__}.\"\"\"\n{body}    assert isinstance(once, {kind.__name__})",
                imports)
            if param.annotation == kind.__name__:
                yield 1, 2 * result.seconds_per_call, Property(
                    f"{_SETTINGS}\n@given({strategy})\ndef test_{name}_is_idempotent"
                    f"({param.name}):\n    \"\"\"Idempotence: {name}({name}(x)) == "
                    f"{name}(x).\"\"\"\n{body}    assert {name}(once) == once", imports)


def _strategy(annotation: str | None, result: FunctionResult, target: Target,
              imports: Imports) -> str:
    if annotation in _STRATEGIES:
        return _STRATEGIES[annotation]
    values = [render(next(iter(c.call.values.values())).value, target.name, imports)
              for c in result.cases if c.call.values]
    if not values:
        raise Unwritable("no example inputs")
    return f"st.sampled_from([{', '.join(dict.fromkeys(values))}])"


def _refused(raised: list[type[BaseException]], target: Target, imports: Imports) -> str:
    from qatron.generation.writer import _exception

    names = sorted({_exception(kind, target, imports) for kind in raised})
    return names[0] if len(names) == 1 else f"({', '.join(names)})" if names else ""


_text_loaded = False


def _text_ready(until: float) -> bool:
    """Whether Hypothesis's table of the characters ``st.text()`` draws from is loaded: read
    from (or computed into) Hypothesis's folder once per process, outside the guard of the
    checks that refuses that folder (inside it every check computed the table again)."""
    global _text_loaded
    seconds = until - time.monotonic()
    if not _text_loaded and seconds > 0:
        try:
            with deadline(seconds):
                st.text().validate()
        except CallTimeout:
            return False
        _text_loaded = True
    return _text_loaded


def _holds(prop: Property, target: Target, until: float = math.inf) -> bool:
    """Whether the property's test passes as written (the derandomised examples the file
    will run: its source is what they are drawn from) and three times on random examples,
    each run within 10 s and all before ``until`` (``time.monotonic()``)."""
    header = ["from hypothesis import given, settings", "from hypothesis import strategies as st"]
    header += [f"from {module} import {name}" for module, name in sorted(prop.imports)
               if module != "builtins"]
    try:
        for code, runs in ((prop.code, 1), (prop.code.replace(_SETTINGS, _CHECK), 3)):
            test = _defined("\n".join(header) + "\n\n" + code)
            for _ in range(runs):
                seconds = min(_SECONDS, until - time.monotonic())
                if seconds <= 0:
                    return False
                with guarded(), deadline(seconds):
                    test()
    except BaseException:  # noqa: BLE001 - any failure, timeout included, drops the property
        return False
    return True


def _defined(source: str, namespace: dict[str, object] | None = None) -> Callable[[], object]:
    """The test ``source`` defines (in ``namespace``), its source readable by ``inspect`` as
    in a file."""
    filename = f"<qatron property {hashlib.sha256(source.encode()).hexdigest()[:12]}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace = {} if namespace is None else namespace
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - generated here
    test = [v for k, v in namespace.items() if k.startswith("test_")][0]
    assert callable(test)
    return test
