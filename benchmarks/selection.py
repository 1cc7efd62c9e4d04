"""How fast QAtron's change-based test selection is, and how much memory it takes.

    .venv/bin/python benchmarks/selection.py [--packages 20] [--subs 4] [--modules 25] [--seed 7]

Three cases, each a real git repository made in a temporary folder:

1. a generated repository (``selection_support/generated_repo.py``): by
   default 2,000 modules in 20 packages of 4 subpackages, a DAG of relative and
   absolute imports with a few high fan-in "core" modules, conftest.py files
   at three levels, and about 14,000 tests in 1,000 test files, with a
   synthetic per-test coverage map. A second commit changes five modules: a
   function body in a high fan-in module and in a leaf, a module-level
   constant, a class attribute, and a new function. The selection is checked
   against a reference computed from the generator's own knowledge (the
   tests covering the changed bodies, and the importers of the modules whose
   constant or class attribute changed);
2. and 3. two copies of ``examples/shop`` (no coverage map: the import graph
   alone), each with a second commit that changes one function: a
   payment-service handler, and a domain rule the services import.

For each, ``select_tests(base="HEAD~1", head="HEAD", tests=<node ids>)`` runs
in a fresh Python process (so nothing is cached): the import of
``qatron.selection`` and the loading of the coverage map are timed apart from
the first (cold) call; three more calls in the same process are the warm ones.
Memory is the process's peak RSS (``VmHWM``) and tracemalloc's peak for one
call. The process is run twice, in case the engine keeps caches on disk.

The peer, measured in the same run, is ``pytest --collect-only -q`` (the faster
of two runs): the time a runner needs only to list the same tests, before
running any (pytest-testmon's own selection needs a real coverage run of the
suite and cannot be timed on a generated one). Targets: warm under 1 s and cold
under 10 s for 10,000 tests.
"""

from __future__ import annotations

import argparse
import ast
import json
import pickle
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path
from statistics import median

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from selection_support import git  # noqa: E402
from selection_support.generated_repo import (  # noqa: E402
    GENERIC,
    GeneratedRepo,
    Module,
    generate,
    importers,
    line_map,
    running,
)
from selection_support.nodeids import by_file, expand  # noqa: E402

PYTHON = sys.executable
WARM_TARGET_S, COLD_TARGET_S = 1.0, 10.0
WARM_CALLS = 3


@dataclass
class Case:
    """One repository to select in, and what the worker process needs to do it."""

    name: str
    root: Path
    nodeids: list[str]
    change: list[str]
    coverage_file: Path | None = None
    reference: set[str] | None = None  # the tests the change can affect, where known

    @property
    def slug(self) -> str:
        return slug(self.name)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


# ---------------------------------------------------------------- the worker process


def memory_mb(field: str) -> float:
    """``VmRSS`` (now) or ``VmHWM`` (peak) of this process, in MiB.

    Not ``ru_maxrss``: Linux carries that across fork and exec, so a child
    would report its parent's size if that was larger.
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/self/status")


def load_inputs(spec: dict) -> tuple[list[str], object]:
    """The candidate node ids and the coverage map (or None) the spec names."""
    nodeids = json.loads(Path(spec["nodeids"]).read_text())
    if not spec["coverage"]:
        return nodeids, None
    with open(spec["coverage"], "rb") as stream:
        return nodeids, pickle.load(stream)


def measure_calls(select) -> tuple[object, dict]:
    """One cold call, WARM_CALLS warm ones, then one under tracemalloc."""
    rss_before = memory_mb("VmRSS")
    started = time.perf_counter()
    first = select()
    cold = time.perf_counter() - started
    warm = []
    for _ in range(WARM_CALLS):
        started = time.perf_counter()
        again = select()
        warm.append(time.perf_counter() - started)
    peak_rss = memory_mb("VmHWM")
    tracemalloc.start()
    select()
    traced_peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    if first.nodeids() != again.nodeids():
        raise SystemExit("two calls selected differently")
    return first, {"cold_s": cold, "warm_s": median(warm), "warm_max_s": max(warm),
                   "rss_before_mb": rss_before, "peak_rss_mb": peak_rss,
                   "traced_peak_mb": traced_peak}


def worker(spec_file: Path) -> None:
    """Runs in a fresh process: import, load, select (cold, warm), measure; prints JSON."""
    spec = json.loads(spec_file.read_text())
    started = time.perf_counter()
    from qatron.selection import select_tests
    imported = time.perf_counter()
    nodeids, coverage = load_inputs(spec)
    loaded = time.perf_counter()
    root = Path(spec["root"])
    selection, figures = measure_calls(lambda: select_tests(
        root, "HEAD~1", "HEAD", tests=nodeids, coverage=coverage, repo=root))
    print(json.dumps({
        "import_s": imported - started, "load_s": loaded - imported, **figures,
        "entries": len(selection.selected), "total": selection.total,
        "skipped": selection.skipped,
        "selected": sorted(expand(selection.nodeids(), by_file(nodeids))),
        "fallbacks": [str(f) for f in selection.fallbacks],
        "reasons": sample_reasons(selection),
    }))


def sample_reasons(selection) -> list[str]:
    """A few selected tests with their reasons, to show what the engine said."""
    return [f"{test.nodeid}: {'; '.join(map(str, test.reasons))}"
            for test in selection.selected[:3]]


def run_worker(case: Case, work: Path) -> dict:
    nodeids_file = work / f"{case.slug}-nodeids.json"
    nodeids_file.write_text(json.dumps(case.nodeids))
    spec_file = work / f"{case.slug}-spec.json"
    spec_file.write_text(json.dumps({
        "root": str(case.root), "nodeids": str(nodeids_file),
        "coverage": str(case.coverage_file) if case.coverage_file else None}))
    done = subprocess.run([PYTHON, __file__, "--worker", str(spec_file)], cwd=case.root,
                          capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"worker failed on {case.name}:\n{done.stdout[-3000:]}\n"
                         f"{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------- the repositories


def save_coverage(repo: GeneratedRepo, lines: dict[str, dict[int, set[str]]],
                  target: Path) -> Path:
    """The synthetic coverage map as a CoverageMap, pickled for the worker to load."""
    from qatron.selection.coverage_map import CoverageMap, FileCoverage, content_hash

    files = {}
    for path, per_line in lines.items():
        digest = content_hash((repo.root / path).read_bytes())
        files[path] = FileCoverage(digest, {line: frozenset(tests)
                                            for line, tests in per_line.items()})
    coverage = CoverageMap(files=files, tests=set(repo.nodeids), run_id=1)
    with target.open("wb") as stream:
        pickle.dump(coverage, stream, protocol=pickle.HIGHEST_PROTOCOL)
    return target


def fan_in(repo: GeneratedRepo) -> dict[int, int]:
    counts = {module.index: 0 for module in repo.modules}
    for module in repo.modules:
        for imported in module.imports:
            counts[imported] += 1
    return counts


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise RuntimeError(f"{old!r} not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def edit_body(repo: GeneratedRepo, module: Module, position: int) -> str:
    """Changes the first line of the module's ``position``-th function; returns its name."""
    edit(repo.root / module.path, f"result = value + {position} * SCALE",
         f"result = value + {position + 7} * SCALE")
    return module.functions[position].name


def change_generated(repo: GeneratedRepo, seed: int,
                     lines: dict[str, dict[int, set[str]]]) -> tuple[list[str], set[str]]:
    """Five edits: hub and leaf function bodies, a constant, a class attribute, a new def.

    The changed functions have module-specific names and tests of their own. Also
    returns the reference selection: the tests whose coverage runs the two changed
    function bodies, and every test whose file imports (directly, through package
    __init__ files, helpers or conftest.py) the module whose constant or class
    attribute changed. The new function can affect no test.
    """
    rng = random.Random(seed)
    counts = fan_in(repo)
    by_fan_in = sorted(counts, key=lambda index: (-counts[index], index))
    hub = repo.modules[by_fan_in[1]]  # the first is imported by tests/conftest.py
    tested_leaves = [index for index in by_fan_in if counts[index] == 0 and index % 2]
    leaf, constant, attribute, added = (repo.modules[i] for i in [
        rng.choice(tested_leaves), *rng.sample(by_fan_in[10:400], 3)])
    hub_function = edit_body(repo, hub, unique_function(hub))
    leaf_function = edit_body(repo, leaf, unique_function(leaf))
    edit(repo.root / constant.path, "SCALE = ", "SCALE = 1 + ")
    edit(repo.root / attribute.path, "    LIMIT = ", "    LIMIT = 1 + ")
    with (repo.root / added.path).open("a", encoding="utf-8") as stream:
        stream.write("\n\ndef added(value):\n    return value * SCALE\n")
    reference = (running(lines, hub, hub_function) | running(lines, leaf, leaf_function)
                 | importers(repo, {constant.path, attribute.path}))
    return [f"{hub.path}: body of {hub_function} (fan-in {counts[hub.index]})",
            f"{leaf.path}: body of {leaf_function} (fan-in 0)",
            f"{constant.path}: module constant SCALE (fan-in {counts[constant.index]})",
            f"{attribute.path}: class attribute LIMIT (fan-in {counts[attribute.index]})",
            f"{added.path}: new function (fan-in {counts[added.index]})"], reference


def unique_function(module: Module) -> int:
    """The position of the module's first function with a name of its own."""
    return next((i for i, f in enumerate(module.functions) if f.name not in GENERIC), 0)


def generated_case(work: Path, args: argparse.Namespace) -> tuple[Case, GeneratedRepo]:
    root = work / "generated"
    started = time.perf_counter()
    repo = generate(root, seed=args.seed, packages=args.packages, subs=args.subs,
                    per_sub=args.modules)
    git.init(root, "generated base")
    lines = line_map(repo)
    coverage_file = save_coverage(repo, lines, work / "generated-coverage.pickle")
    change, reference = change_generated(repo, args.seed, lines)
    git.commit(root, "change five modules")
    print(f"generated {len(repo.modules)} modules, {len(repo.nodeids)} tests and the coverage "
          f"map in {time.perf_counter() - started:.1f} s (not timed below)")
    return Case("generated", root, repo.nodeids, change, coverage_file, reference), repo


def find_function(tree: ast.Module, qualified: str) -> ast.FunctionDef:
    """``name`` or ``Class.name`` at the top of a module."""
    body: list[ast.stmt] = tree.body
    *owners, name = qualified.split(".")
    for owner in owners:
        body = next(n for n in body if isinstance(n, ast.ClassDef) and n.name == owner).body
    return next(n for n in body if isinstance(n, ast.FunctionDef) and n.name == name)


def change_function(path: Path, qualified: str, statement: str) -> str:
    """Inserts ``statement`` at the top of the function's body (after its docstring)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    body = find_function(ast.parse("".join(lines)), qualified).body
    first = body[1] if isinstance(body[0], ast.Expr) and len(body) > 1 else body[0]
    lines.insert(first.lineno - 1, " " * first.col_offset + statement + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return f"{path.parent.name}/{path.name}: {qualified} (line {first.lineno}: {statement})"


SHOP_CHANGES = (  # (name, file, function, the statement inserted at its top)
    ("shop: a payment-service handler", "services/payment_service.py", "PaymentService.refund",
     "request.headers.get('x-trace')"),
    ("shop: a domain rule", "services/domain.py", "luhn_valid", "number = number.strip()"),
)


def shop_case(work: Path, name: str, file: str, function: str, statement: str) -> Case:
    """A copy of examples/shop whose second commit changes one function."""
    root = work / slug(name)
    shutil.copytree(REPO / "examples" / "shop", root,
                    ignore=shutil.ignore_patterns(".qatron", "__pycache__", "*.db"))
    git.init(root, "shop base")
    nodeids = collect(root)[1]
    change = change_function(root / file, function, statement)
    git.commit(root, f"change {function}")
    return Case(name, root, nodeids, [change])


def collect(root: Path) -> tuple[float, list[str]]:
    """The peer: ``pytest --collect-only -q``, timed; and the node ids it lists."""
    started = time.perf_counter()
    done = subprocess.run([PYTHON, "-m", "pytest", "--collect-only", "-q", "-p",
                           "no:cacheprovider"], cwd=root, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"collection failed in {root}:\n{done.stdout[-3000:]}")
    return elapsed, [line for line in done.stdout.splitlines() if "::" in line]


def peer_time(case: Case) -> float:
    """The faster of two ``--collect-only`` runs (the second has Python's bytecode cache)."""
    timings = []
    for _ in range(2):
        elapsed, listed = collect(case.root)
        if len(listed) != len(case.nodeids):
            raise SystemExit(f"{case.name}: pytest lists {len(listed)} tests, "
                             f"the benchmark expected {len(case.nodeids)}")
        timings.append(elapsed)
    return min(timings)


# ---------------------------------------------------------------- the report


def verdict(value: float, target: float) -> str:
    return f"{f'< {target:g} s':<8}{'met' if value < target else 'MISSED'}"


def report(case: Case, runs: list[dict], peer_s: float) -> None:
    first, again = runs
    print(f"\n== {case.name}: {len(case.nodeids)} tests; the change: ==")
    for line in case.change:
        print(f"   {line}")
    print(f"{'measure':<40}{'value':>12}  {'target':<14}{'vs collect-only':>16}")
    rows = [
        ("import qatron.selection", first["import_s"], None),
        ("load coverage map (pickle)", first["load_s"], None),
        ("select_tests cold (1st call)", first["cold_s"], COLD_TARGET_S),
        ("cold: import + load + 1st call", first["import_s"] + first["load_s"] + first["cold_s"],
         COLD_TARGET_S),
        (f"select_tests warm (median of {WARM_CALLS})", first["warm_s"], WARM_TARGET_S),
        (f"select_tests warm (slowest of {WARM_CALLS})", first["warm_max_s"], WARM_TARGET_S),
        ("cold again, new process (1st call)", again["cold_s"], COLD_TARGET_S),
        ("peer: pytest --collect-only -q", peer_s, None),
    ]
    for label, value, target in rows:
        print(f"{label:<40}{value:>10.3f} s  {verdict(value, target) if target else '':<14}"
              f"{value / peer_s:>15.3f}x")
    print(f"{'peak RSS of the process':<40}{first['peak_rss_mb']:>9.1f} MiB "
          f"(before the 1st call: {first['rss_before_mb']:.1f} MiB)")
    print(f"{'tracemalloc peak of one call':<40}{first['traced_peak_mb']:>9.1f} MiB")
    selected = set(first["selected"])
    share = 100 * len(selected) / len(case.nodeids)
    print(f"selected {len(selected)} of {len(case.nodeids)} tests ({share:.1f}%) in "
          f"{first['entries']} entries; the engine counts {first['total']} in all, "
          f"{first['skipped']} skipped; fallbacks: {first['fallbacks'] or 'none'}")
    for line in first["reasons"]:
        print(f"   e.g. {line[:200]}")
    if case.reference is not None:
        missed = case.reference - selected
        print(f"reference selection (what the change can affect): {len(case.reference)} tests; "
              f"QAtron selected {len(selected - case.reference)} more and missed {len(missed)}"
              f"{': ' + ', '.join(sorted(missed)[:5]) if missed else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packages", type=int, default=20)
    parser.add_argument("--subs", type=int, default=4, help="subpackages per package")
    parser.add_argument("--modules", type=int, default=25, help="modules per subpackage")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker)
        return
    started = time.perf_counter()
    work = Path(tempfile.mkdtemp(prefix="qatron-bench-selection-"))
    try:
        shops = [shop_case(work, *change) for change in SHOP_CHANGES]
        for case in (generated_case(work, args)[0], *shops):
            peer_s = peer_time(case)
            runs = [run_worker(case, work) for _ in range(2)]
            report(case, runs, peer_s)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"\nbenchmark wall time: {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
