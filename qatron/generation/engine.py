"""Generating a module's tests: candidates → recorded outcomes → mutants → kept cases → file.

    generate_tests(path) ─► load_target ─► analyse_source
        per function: value_pools ─► one_at_a_time + coverage-guided random_calls
                      + the module's mined strings, one parameter at a time
                      + argument lists for a command-line entry point
                      + values other functions returned (chaining)
                      ─► run_batch (guarded, time-limited, under coverage.py)
                      ─► repeated runs: only deterministic cases kept
        mutants of the functions and the private helpers ─► kill matrix
        ─► select_cases ─► properties
        ─► writer.write_module (never over a file a person edited)

One time budget (``budget.Budget``) bounds it all: the inputs get a share of it (each
function an equal share of what is left, calls run a step at a time and each step's new
cases proven stable over three runs at once), the mutants most of what is left after them,
the properties the rest; a stage whose next step would not fit stops with what it has.

A mutant is tried on the cases that run its statement; one in code the module runs when it
is imported (tables built by a helper) on every case, since every call sees what it built.
"""

from __future__ import annotations

import ast
import enum
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice, zip_longest
from pathlib import Path
from types import ModuleType

from coverage.parser import PythonParser

from qatron.generation.analysis import FunctionInfo, ModuleInfo, Param, analyse_source
from qatron.generation.budget import Budget, Pace
from qatron.generation.commandline import argv_lists, argv_param, is_entry_point, run_command
from qatron.generation.literals import int_literals, mined_strings, strings_for
from qatron.generation.loading import GenerationError, Target, load_target
from qatron.generation.mutation import Mutant, Mutator, load_module, mutants, select_cases
from qatron.generation.oracle import MAX_TIMEOUTS, Arc, Outcome, Unwritable, render, run_batch
from qatron.generation.strategies import (
    STRATEGIES,
    Call,
    Choice,
    module_constants,
    one_at_a_time,
    random_calls,
    value_pools,
)

Run = tuple[Call, Outcome, frozenset[Arc]]

__all__ = ["Case", "FunctionResult", "GenerationReport", "Property", "generate_tests"]

_REPEATS = 3
#: Mined strings tried per parameter: from what the function reads, then from elsewhere.
_OWN_STRINGS = 120
_OTHER_STRINGS = 12
#: A parameter with this few values is a flag: the first mined strings are tried with each.
_FLAG_VALUES = 3
_WITH_FLAGS = 20
#: Values returned by other functions tried per parameter (chaining).
_CHAINED = 60
#: Cases tried on a mutant at once; the next group only when none of these killed it.
_KILL_GROUP = 40
#: Calls run (then repeated) at once before the time left is checked again: first a few,
#: then as many as take about ``_STEP_SECONDS`` at the pace measured, at most ``_CHUNK``.
_FIRST_STEP = 5
_STEP_SECONDS = 0.25
_CHUNK = 25
#: The most a function's random search runs.
_SEARCH_SECONDS = 2.0
#: The shares of the time budget: trying inputs gets this much of it, the mutants this much
#: of what is left after them (the Hypothesis properties the rest).
_EXPLORING = 0.55
_KILLING = 0.75


@dataclass
class Case:
    """A call kept as a test case, what it did, the arcs it reached, the mutants it kills."""

    call: Call
    outcome: Outcome
    arcs: frozenset[Arc]
    kills: set[int] = field(default_factory=set)
    #: Mutants of statements it runs that the time budget left untried against it.
    unsettled: set[int] = field(default_factory=set)


@dataclass(frozen=True)
class Property:
    """A Hypothesis test (source) that held, and the names it imports."""

    code: str
    imports: frozenset[tuple[str, str]] | set[tuple[str, str]]


@dataclass
class FunctionResult:
    """The cases kept for one function, or why it was skipped."""

    info: FunctionInfo
    cases: list[Case] = field(default_factory=list)
    skipped: str | None = None
    notes: list[str] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    #: Every deterministic case before the mutants chose among them (properties use them).
    examples: list[Case] = field(default_factory=list)
    #: How long one call took, measured on its first runs (what a property's check costs).
    seconds_per_call: float = 0.0


@dataclass
class GenerationReport:
    """What ``generate_tests`` did for one module."""

    module: str
    source: Path
    test_file: Path | None
    written: bool
    message: str
    functions: list[FunctionResult]
    mutants: int
    killed: int
    seconds: float
    killed_mutants: list[Mutant] = field(default_factory=list)
    #: The stages the time budget cut short (each kept what it had done).
    cut_short: list[str] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return sum(len(result.cases) for result in self.functions)

    @property
    def properties(self) -> int:
        return sum(len(result.properties) for result in self.functions)

    @property
    def mutation_score(self) -> float:
        return self.killed / self.mutants if self.mutants else 1.0

    def to_json(self) -> dict[str, object]:
        return {"module": self.module, "source": str(self.source),
                "test_file": str(self.test_file) if self.test_file else None,
                "written": self.written, "message": self.message, "cases": self.cases,
                "properties": self.properties,
                "mutants": self.mutants, "killed": self.killed,
                "seconds": round(self.seconds, 2), "cut_short": self.cut_short,
                "functions": [{"name": r.info.qualname, "cases": len(r.cases),
                               "skipped": r.skipped, "notes": r.notes}
                              for r in self.functions]}

    def summary(self) -> str:
        skipped = [f"{r.info.qualname} ({r.skipped})" for r in self.functions if r.skipped]
        line = (f"{self.module}: {self.cases} cases for "
                f"{sum(1 for r in self.functions if r.cases)} functions, "
                f"{self.properties} properties, "
                f"{self.killed}/{self.mutants} mutants killed, {self.seconds:.1f} s; "
                f"{self.message}")
        if self.cut_short:
            line += f"; the time budget cut short {', '.join(self.cut_short)}"
        return line + (f"; skipped: {', '.join(skipped)}" if skipped else "")


def generate_tests(path: str | Path, module: str | None = None,
                   functions: Iterable[str] | None = None, out: str | Path | None = None,
                   strategies: Iterable[str] | None = None, timeout: float = 1.0,
                   seed: int = 0, budget: float = 45.0) -> GenerationReport:
    """Generate a pytest file for a module's functions (see the module docstring).

    ``path`` is the module's .py file, or the folder ``module`` is imported from; ``out``
    the folder the test file goes to (default: ``tests/generated`` under the import root);
    ``budget`` the seconds the whole generation may take (what it cut short is named in the
    report's ``cut_short``); ``timeout`` the seconds one call may take.
    """
    clock = Budget(budget)
    enabled = set(strategies or STRATEGIES)
    unknown = enabled - set(STRATEGIES)
    if unknown:
        raise GenerationError(f"unknown strategies {', '.join(sorted(unknown))}; "
                              f"choose among {', '.join(STRATEGIES)}")
    target = load_target(path, module)
    info = analyse_source(target.source)
    chosen = _chosen(info, functions)
    explorer = _Explorer(target, info, enabled, timeout, random.Random(seed), clock)
    results = explorer.explore_all(chosen, clock.share(_EXPLORING))
    found = mutants(target.source, [*((f.lineno, f.end_lineno) for f in chosen),
                                    *info.helpers.values()])
    tables = built_tables(target)
    killing = clock.share(_KILLING if "properties" in enabled else 1.0)
    killed = _kill(target, results, found, timeout, killing, tables, clock)
    if not killed:
        tables = {}
    for result in results:
        result.examples = list(result.cases)
        kept = select_cases([c.kills | {-1 - n for n in c.unsettled} for c in result.cases],
                            [c.arcs for c in result.cases])
        result.cases = [result.cases[i] for i in kept]
        for case in result.cases:
            killed |= case.kills
    if "properties" in enabled:
        from qatron.generation.properties import find_properties
        find_properties(target, results, clock)
    from qatron.generation.writer import write_module
    folder = Path(out) if out else target.root / "tests" / "generated"
    test_file, written, message = write_module(target, results, folder, tables)
    return GenerationReport(target.name, target.file, test_file, written, message, results,
                            len(found), len(killed), time.monotonic() - clock.started,
                            [found[number] for number in sorted(killed)], clock.cut)


def _chosen(info: ModuleInfo, functions: Iterable[str] | None) -> list[FunctionInfo]:
    if not functions:
        return list(info.functions)
    chosen = []
    for name in functions:
        matches = [f for f in info.functions if name in (f.qualname, f.name)]
        if not matches:
            names = ", ".join(f.qualname for f in info.functions) or "none"
            raise GenerationError(f"no function {name!r} to test in the module; "
                                  f"it has: {names}")
        chosen += [f for f in matches if f not in chosen]
    return chosen


def thunk(module: ModuleType, info: FunctionInfo, call: Call,
          ) -> Callable[[], tuple[object, object]]:
    """A no-argument callable making ``call`` against ``module`` (the original or a
    mutant): ``(result, state)``, the state being an instance's attributes afterwards."""
    def run() -> tuple[object, object]:
        args, kwargs = _translated(call.arguments(info.params), module)
        if "argv" in call.extra:
            function = getattr(module, info.name)
            argv = None if argv_param(info) else list(call.extra["argv"])
            return run_command(lambda: function(*args, **kwargs),
                               module.__name__.rsplit(".", 1)[-1], argv)
        if info.class_name is None:
            return getattr(module, info.name)(*args, **kwargs), None
        cls = getattr(module, info.class_name)
        if info.is_static:
            return getattr(cls, info.name)(*args, **kwargs), None
        if info.name == "__init__":
            instance = cls(*args, **kwargs)
            return None, dict(vars(instance))
        init_args: tuple[list[object], dict[str, object]] = ([], {})
        if call.init is not None:
            init_args = _translated(call.init.arguments(call.extra["init_params"]), module)
        instance = cls(*init_args[0], **init_args[1])
        result = getattr(instance, info.name)(*args, **kwargs)
        return result, dict(vars(instance))
    return run


def _translated(arguments: tuple[list[object], dict[str, object]], module: ModuleType,
                ) -> tuple[list[object], dict[str, object]]:
    """The arguments with the module's enum members taken from ``module`` (a mutant has
    classes of its own: ``is`` and ``==`` against the original's members would fail)."""
    args, kwargs = arguments
    return ([_member(a, module) for a in args],
            {name: _member(value, module) for name, value in kwargs.items()})


def _member(value: object, module: ModuleType) -> object:
    if isinstance(value, enum.Enum) and type(value).__module__ == module.__name__:
        own = getattr(module, type(value).__name__, None)
        return own[value.name] if own is not None else value
    if type(value) in (list, tuple):
        items = [_member(item, module) for item in value]  # type: ignore[attr-defined]
        return items if type(value) is list else tuple(items)
    return value


class _Explorer:
    """Candidate calls for each function, run and kept when they reach something new."""

    def __init__(self, target: Target, info: ModuleInfo, enabled: set[str], timeout: float,
                 rng: random.Random, budget: Budget) -> None:
        self.target = target
        self.info = info
        self.enabled = enabled
        self.timeout = timeout
        self.rng = rng
        self.budget = budget
        self.stop = budget.end  # when the function being explored must be done
        self.constants = module_constants(target.source)
        self.mined = mined_strings(target.module, target.source) \
            if {"literals", "commandline"} & enabled else []
        parser = PythonParser(text=target.source, filename=str(target.file))
        parser.parse_source()
        self.possible = parser.arcs()
        self.branch_lines = {line for line, n in parser.exit_counts().items() if n > 1}
        self.inits: dict[str, tuple[Call, list[Param]]] = {}
        self.bases: dict[str, tuple[dict[str, Choice], Call | None]] = {}
        self.explored: dict[str, FunctionResult] = {}

    def explore_all(self, functions: list[FunctionInfo], until: float) -> list[FunctionResult]:
        """Each function explored in an equal share of the time left before ``until`` (what
        one leaves unused goes to the next), chaining last with a share of its own."""
        chaining = "chaining" in self.enabled
        results = []
        for index, info in enumerate(functions):
            now = time.monotonic()
            self.stop = now + max(0.0, until - now) / (len(functions) - index + chaining)
            results.append(self.explore(info))
        if chaining:
            self.stop = until
            self.chain(results)
        return results

    def explore(self, info: FunctionInfo) -> FunctionResult:
        if info.qualname not in self.explored:  # a constructor is explored for its methods
            self.explored[info.qualname] = self._explore(info)
        return self.explored[info.qualname]

    def _explore(self, info: FunctionInfo) -> FunctionResult:
        result = FunctionResult(info)
        trial = _Trial(self, info)
        if "commandline" in self.enabled and is_entry_point(self.info, info):
            trial.run(self._commands(info))
            result.cases = trial.cases(result)
            return result
        pools = value_pools(info, self.target.module, self.constants, self.enabled)
        init = self._init_call(info, result)
        if result.skipped:
            return result
        base = {name: pool[0] for name, pool in pools.items() if "\0" not in name and pool}
        self.bases[info.qualname] = (base, init)
        calls = [self._bind(call, info, init) for call in one_at_a_time(base, pools)]
        trial.order = {id(call): index for index, call in enumerate(calls)}
        runs = sorted(trial.run(_alternating(calls, base)),
                      key=lambda run: trial.order[id(run[0])])
        if runs and runs[0][1].kind != "return":
            rebased = next((c for c, o, _ in runs if o.kind == "return"), None)
            if rebased is not None:
                trial.run(self._bind(c, info, init)
                          for c in islice(one_at_a_time(rebased.values, pools), 1, None))
        if "literals" in self.enabled:
            trial.run(self._bind(c, info, init)
                      for c in self._literal_calls(info, base, pools))
        if "search" in self.enabled:
            self._search(info, pools, init, trial)
        result.cases = trial.cases(result)
        return result

    def chain(self, results: list[FunctionResult]) -> None:
        """Each function's parameters over the values the others returned (a hash into the
        function checking it, a plural into the one singularising it); the cases that
        behave the same over repeated runs are added."""
        outputs = [(r.info, c) for r in results for c in r.cases if c.outcome.kind == "return"
                   and type(c.outcome.value) in (str, int, bytes) and "argv" not in c.call.extra]
        until = self.stop
        chained = [r for r in results if not r.skipped and r.info.qualname in self.bases]
        for index, result in enumerate(chained):
            now = time.monotonic()
            self.stop = now + max(0.0, until - now) / (len(chained) - index)
            base, init = self.bases[result.info.qualname]
            trial = _Trial(self, result.info)
            trial.run(self._bind(call, result.info, init)
                      for call in _chained_calls(result, base, outputs))
            result.cases += trial.cases(FunctionResult(result.info))

    def _literal_calls(self, info: FunctionInfo, base: dict[str, Choice],
                       pools: dict[str, list[Choice]]) -> list[Call]:
        """Each string parameter over the module's mined strings, each integer one over the
        integers the function's code names, the others at the base; the first strings also
        with each other value of a parameter that has few (a flag)."""
        reads = self.info.reads(info) | {info.qualname.split(".")[0]}
        mined = [(m.value, m.origin) for m in
                 strings_for(self.mined, reads, _OWN_STRINGS, _OTHER_STRINGS)]
        numbers = [(n, f"literal in {info.qualname}") for n in
                   int_literals(self.target.source, info.lineno, info.end_lineno)]
        calls = []
        for param in info.params:
            if param.name not in base:
                continue
            values = mined if _takes_text(param) else numbers \
                if "int" in (param.annotation or "") else []
            flags = [(name, choice) for name, pool in pools.items() if "\0" not in name
                     and name != param.name and len(pool) <= _FLAG_VALUES
                     for choice in pool if choice is not base.get(name)]
            for index, (value, origin) in enumerate(values):
                note = f"{param.name}={value!r}, {origin}"
                calls.append(Call({**base, param.name: Choice(value, "literal", note)},
                                  "literal", note))
                calls += [Call({**base, name: choice, param.name: Choice(value, "literal",
                                                                         note)},
                               "literal", f"{note}, {choice.note}")
                          for name, choice in flags if index < _WITH_FLAGS]
        return calls

    def _commands(self, info: FunctionInfo) -> list[Call]:
        """The entry point run with argument lists built from the parser's options."""
        reads = self.info.reads(info) | {info.qualname}
        words = [m.value for m in strings_for(self.mined, reads, 40, 10)]
        words += [str(c) for c in self.constants if type(c) is int]
        param = argv_param(info)
        prog = self.target.name.rsplit(".", 1)[-1]
        calls = []
        for argv in argv_lists(self.info.options, words):
            shown = " ".join([prog, *argv])
            values = {param.name: Choice(argv, "command line", shown)} if param else {}
            calls.append(Call(values, "command line", shown, extra={"argv": argv}))
        return calls

    def _bind(self, call: Call, info: FunctionInfo, init: Call | None) -> Call:
        if info.is_method and info.name != "__init__" and init is not None:
            call.init = init
            call.extra["init_params"] = self.inits[info.class_name or ""][1]
        return call

    def _init_call(self, info: FunctionInfo, result: FunctionResult) -> Call | None:
        """For a method: a constructor call that works (the first kept ``__init__`` case)."""
        if not info.is_method or info.name == "__init__" or info.class_name is None:
            return None
        if info.class_name not in self.inits:
            qualname = f"{info.class_name}.__init__"
            init_info = next((f for f in self.info.functions if f.qualname == qualname), None)
            if init_info is None:
                call = Call({}, "default", "no arguments")
                self.inits[info.class_name] = (call, [])
            else:
                explored = self.explore(init_info)
                ok = [c for c in explored.cases if c.outcome.kind == "return"]
                if not ok:
                    result.skipped = f"no generated call of {qualname} returned"
                    return None
                self.inits[info.class_name] = (ok[0].call, init_info.params)
        return self.inits[info.class_name][0]

    def _branch_arcs(self, info: FunctionInfo) -> set[Arc]:
        return {arc for arc in self.possible if arc[0] in self.branch_lines
                and info.lineno <= arc[0] <= info.end_lineno}

    def _search(self, info: FunctionInfo, pools: dict[str, list[Choice]], init: Call | None,
                trial: _Trial) -> None:
        """Random combinations until every branch of the function is reached, or the
        function's share of the time is used up; those reaching new arcs are kept."""
        wanted = self._branch_arcs(info)
        reached: set[Arc] = set().union(*(arcs for _, _, arcs in trial.runs))

        def reaches_new(run: Run) -> bool:
            call, _, arcs = run
            new = (arcs & wanted) - reached
            if new:
                first = min(new)
                call.note = f"reaches line {first[1]} from line {first[0]}"
                reached.update(arcs)
            return bool(new)

        stop = min(self.stop, time.monotonic() + _SEARCH_SECONDS)
        while wanted - reached and time.monotonic() < stop and info.params and not trial.cut:
            trial.run((self._bind(c, info, init) for c in random_calls(pools, self.rng, _CHUNK)),
                      keep=reaches_new)


class _Trial:
    """One function's candidate calls, run a step at a time while its share of the time
    lasts: each step under coverage, then its new candidates twice more at once. Only a call
    that behaved the same in all three runs becomes a case; the rest are left out."""

    def __init__(self, explorer: _Explorer, info: FunctionInfo) -> None:
        self.explorer = explorer
        self.info = info
        self.runs: list[Run] = []  # every first run, for the reasons a function is skipped
        self.steady: list[Case] = []
        self.candidates = 0
        self.seen: set[str] = set()
        self.pace = Pace()  # the calls with their repeats
        self.calls = Pace()  # the first runs alone
        self.cut = False
        #: Where calls run out of turn belong among the cases (``id`` of a call → place).
        self.order: dict[int, int] = {}

    def run(self, calls: Iterable[Call], keep: Callable[[Run], bool] | None = None,
            ) -> list[Run]:
        """The first runs of ``calls`` made before the time ran out; those ``keep`` accepts
        (all by default) that can be written become cases once they proved stable."""
        done: list[Run] = []
        pending = iter(calls)
        while not self.cut:
            step = list(islice(pending, self.pace.step(_FIRST_STEP, _STEP_SECONDS, _CHUNK)))
            if not step:
                break
            if self._hangs():
                self.cut = True
                break
            if not self.pace.fits(len(step), self.explorer.stop):
                self.cut = True
                self.explorer.budget.note("the inputs tried")
                break
            started = time.monotonic()
            first = self._runs(step, measure=True)
            self.calls.record(len(first), time.monotonic() - started)
            self.runs += first
            done += first
            self._prove([run for run in first if keep is None or keep(run)])
            self.pace.record(len(step), time.monotonic() - started)
            if len(first) < len(step):  # the time ran out during the step
                self.cut = True
                self.explorer.budget.note("the inputs tried")
        return done

    def _hangs(self) -> bool:
        return sum(o.kind == "timeout" for _, o, _ in self.runs) >= MAX_TIMEOUTS

    def _runs(self, calls: list[Call], measure: bool) -> list[Run]:
        module, file = self.explorer.target.module, str(self.explorer.target.file)
        thunks = [thunk(module, self.info, call) for call in calls]
        done = run_batch(thunks, file, self.explorer.timeout, measure, self.explorer.stop)
        return [(call, outcome, arcs) for call, (outcome, arcs) in zip(calls, done, strict=False)]

    def _prove(self, runs: list[Run]) -> None:
        """The new, writable candidates among ``runs`` run again ``_REPEATS - 1`` times; those
        with the same outcome every time are cases."""
        enabled, name = self.explorer.enabled, self.explorer.target.name
        candidates = [run for run in runs if run[1].kind in ("return", "raise")
                      and (run[1].kind == "return" or "exceptions" in enabled)
                      and _writable(run[0], name)]
        candidates = _distinct(candidates, self.seen)
        self.candidates += len(candidates)
        for _ in range(_REPEATS - 1):  # a call that changed once is not run again
            again = self._runs([c for c, _, _ in candidates], measure=False)
            candidates = [run for run, (_, outcome, _) in zip(candidates, again, strict=False)
                          if outcome.key == run[1].key]
        self.steady += [Case(c, o, a) for c, o, a in candidates]

    def cases(self, result: FunctionResult) -> list[Case]:
        """The cases, with why there are none (on ``result``) or what was left out."""
        result.seconds_per_call = self.calls.per_call
        self.steady.sort(key=lambda case: self.order.get(id(case.call), len(self.order)))
        blocked = [o for _, o, _ in self.runs if o.kind == "blocked"]
        timeouts = [o for _, o, _ in self.runs if o.kind == "timeout"]
        if not self.candidates:
            if blocked:
                result.skipped = f"it {blocked[0].message}"
            elif timeouts:
                result.skipped = f"every call {timeouts[0].message} (it hangs)"
            elif not self.runs:
                result.skipped = "the time budget ran out before it was called"
            else:
                result.skipped = "no call could be written as a test"
            return []
        if timeouts:
            result.notes.append(f"{len(timeouts)} calls {timeouts[0].message}: left out")
        if blocked:
            result.notes.append(f"{len(blocked)} calls left out: {blocked[0].message}")
        return self.steady


def _alternating(calls: list[Call], base: dict[str, Choice]) -> list[Call]:
    """The calls varying one parameter each, taking the parameters in turn (each one's first
    values, its boundaries, come early: what a function's share of time reaches first)."""
    groups: dict[str, list[Call]] = {}
    for call in calls:
        varied = next((name for name, choice in call.values.items()
                       if choice is not base.get(name)), "")
        groups.setdefault(varied, []).append(call)
    turns = zip_longest(*groups.values())
    return [call for turn in turns for call in turn if call is not None]


def _distinct(runs: list[Run], seen: set[str]) -> list[Run]:
    """The runs whose arguments were not seen before (``seen`` gets theirs)."""
    kept = []
    for call, outcome, arcs in runs:
        key = repr(sorted((k, repr(v.value)) for k, v in call.values.items())) \
            + repr(call.extra.get("argv"))
        if key not in seen and "0x" not in outcome.key:
            seen.add(key)
            kept.append((call, outcome, arcs))
    return kept


def _chained_calls(result: FunctionResult, base: dict[str, Choice],
                   outputs: list[tuple[FunctionInfo, Case]]) -> Iterable[Call]:
    """Calls of ``result``'s function with one parameter set to a value another call
    returned (values its cases already pass are left out)."""
    for param in result.info.params:
        if param.name not in base:
            continue
        tried = {repr(c.call.values[param.name].value) for c in result.cases
                 if param.name in c.call.values}
        count = 0
        for info, case in outputs:
            value = case.outcome.value
            if repr(value) in tried or not _accepts(param, value) or count >= _CHAINED:
                continue
            tried.add(repr(value))
            count += 1
            shown = ", ".join(repr(choice.value) for choice in case.call.values.values())
            note = f"{param.name}={value!r}, returned by {info.qualname}({shown})"
            yield Call({**base, param.name: Choice(value, "chained", note)}, "chained", note)


def _accepts(param: Param, value: object) -> bool:
    """Whether a parameter's annotation allows ``value`` (no annotation: anything)."""
    text = param.annotation or ""
    if isinstance(value, str):
        return _takes_text(param)
    return not text or type(value).__name__ in text or "Any" in text


def _takes_text(param: Param) -> bool:
    """Whether a parameter may be given a string (annotated ``str``, or not narrowed)."""
    text = param.annotation or ""
    return param.kind in ("positional", "keyword") and (
        not text or "str" in text or text in ("Any", "object") or "Any" in text)


def _writable(call: Call, target: str) -> bool:
    try:
        for choice in call.values.values():
            render(choice.value, target, set())
    except Unwritable:
        return False
    return True


def built_tables(target: Target) -> dict[str, object]:
    """The module's tables written as literals that code run at import changed (rules a
    helper adds), as they are once imported: a test can assert them whole."""
    found: dict[str, object] = {}
    for node in ast.parse(target.source).body:
        if not (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)
                and isinstance(node.value, (ast.List, ast.Dict, ast.Set))):
            continue
        name = node.targets[0].id
        try:
            written = ast.literal_eval(node.value)
            value = getattr(target.module, name)
            render(value, target.name, set())
        except (ValueError, TypeError, SyntaxError, AttributeError, Unwritable):
            continue
        if value != written:
            found[name] = value
    return found


def _kill(target: Target, results: list[FunctionResult], found: list[Mutant],
          timeout: float, until: float, tables: dict[str, object], budget: Budget) -> set[int]:
    """Run the cases reaching each mutant's statement against it (every case for a mutant
    in code run at import), a group at a time until a group kills it; record the kills.
    A mutant the time before ``until`` did not settle is marked on the cases reaching it
    (``Case.unsettled``). The mutants that change ``tables`` at import are returned."""
    changed: set[int] = set()
    cases = [(result.info, case) for result in results for case in result.cases]
    lines = [{line for arc in case.arcs for line in arc} for _, case in cases]
    at_import = _import_lines(target, timeout)
    mutator = Mutator(target.source)
    for number, mutant in enumerate(found):
        reaching = [cases[i] for i in range(len(cases)) if mutant.statement in lines[i]
                    or mutant.statement in at_import]
        if not reaching:
            continue
        if time.monotonic() > until:
            budget.note("the mutants tried")
            for _, case in reaching:
                case.unsettled.add(number)
            continue
        try:
            module = mutator.load(mutant, target.module)
        except Exception:  # noqa: BLE001 - a mutant that fails at import is not counted
            continue
        if any(repr(getattr(module, name, None)) != repr(value) for name, value in tables.items()):
            changed.add(number)
        reaching.sort(key=lambda pair: -len(pair[1].kills))  # likely killers first
        for start in range(0, len(reaching), _KILL_GROUP):
            group = reaching[start:start + _KILL_GROUP]
            thunks = [thunk(module, info, case.call) for info, case in group]
            outcomes = run_batch(thunks, str(target.file), min(timeout, 0.5), measure=False,
                                 until=until)
            for (_, case), (outcome, _) in zip(group, outcomes, strict=False):
                if outcome.key != case.outcome.key:
                    case.kills.add(number)
            if any(number in case.kills for _, case in group):
                break
            if time.monotonic() > until:
                budget.note("the mutants tried")
                for _, case in reaching[start + len(outcomes):]:
                    case.unsettled.add(number)
                break
    return changed


def _import_lines(target: Target, timeout: float) -> set[int]:
    """The lines the module runs when it is imported (its helpers building tables too)."""
    def load() -> tuple[object, object]:
        return load_module(target.source, target.module), None

    (outcome, arcs), = run_batch([load], str(target.file), max(timeout, 5.0))
    return {line for arc in arcs for line in arc if line > 0} if outcome.kind == "return" \
        else set()
