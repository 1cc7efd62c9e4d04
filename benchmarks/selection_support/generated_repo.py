"""A large generated Python repository with a realistic import DAG, and its coverage.

Layout (``P`` packages of ``S`` subpackages of ``M`` modules)::

    app/pkgNN/__init__.py                re-exports from its first subpackage
    app/pkgNN/subK/__init__.py           re-exports from its first module
    app/pkgNN/subK/modMMM.py             constants, a class, 3-6 functions
    tests/conftest.py                    imports a core module
    tests/helpers.py                     imports a few modules; used by some tests
    tests/pkgNN/conftest.py              every third package
    tests/pkgNN/subK/conftest.py         every seventh subpackage
    tests/pkgNN/subK/test_pkgNN_subK_modMMM.py   for every other module

Modules only import modules with a lower index (so the graph is a DAG that
imports cleanly): mostly siblings through relative imports (``from . import``,
``from ..subK import``), the rest other packages by absolute import, skewed
towards the first modules so a few "core" modules have a large fan-in.
Function names are mostly module-specific, about a third generic (``get``,
``parse``, ...) and shared by many modules, as in real code.
Functions call functions of the modules they import, and the synthetic
coverage of a test is exactly the function bodies that calling its target
would execute (import-time lines run under no test's context, as with
coverage.py), so the map is what a real recording would give.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

FAN_OUT = ((0, 12), (1, 20), (2, 25), (3, 20), (4, 12), (6, 8), (10, 3))
CALLS = ((0, 30), (1, 40), (2, 22), (3, 8))
GENERIC = ("get", "run", "load", "save", "parse", "render", "validate", "compute", "build")
VERBS = ("fetch", "apply", "check", "format", "merge", "score", "resolve", "convert")
REEXPORT = "from {source} as first\n\n__all__ = ['first']\n"
Reached = frozenset[tuple[int, int]]


@dataclass
class Function:
    name: str
    calls: list[tuple[int, int]] = field(default_factory=list)  # (module, function)
    body: range = range(0)


@dataclass
class Module:
    index: int
    package: int
    sub: int
    number: int
    imports: list[int] = field(default_factory=list)
    functions: list[Function] = field(default_factory=list)
    method_body: range = range(0)

    @property
    def dotted(self) -> str:
        return f"app.pkg{self.package:02d}.sub{self.sub}.mod{self.number:03d}"

    @property
    def path(self) -> str:
        return self.dotted.replace(".", "/") + ".py"

    @property
    def alias(self) -> str:
        return f"pkg{self.package:02d}_sub{self.sub}_mod{self.number:03d}"


@dataclass
class TestCase:
    nodeid: str
    module: int
    function: int | None  # None: the class's method
    body: range


@dataclass
class GeneratedRepo:
    root: Path
    modules: list[Module]
    tests: list[TestCase]
    test_files: list[str]

    @property
    def nodeids(self) -> list[str]:
        return [test.nodeid for test in self.tests]


def weighted(rng: random.Random, table: tuple[tuple[int, int], ...]) -> int:
    values, weights = zip(*table, strict=True)
    return rng.choices(values, weights)[0]


def plan_modules(rng: random.Random, packages: int, subs: int, per_sub: int) -> list[Module]:
    modules = [Module(index=i, package=p, sub=s, number=n) for i, (p, s, n) in enumerate(
        (p, s, n) for p in range(packages) for s in range(subs) for n in range(per_sub))]
    for module in modules:
        module.imports = sorted(pick_imports(rng, module, modules))
        module.functions = [Function(name) for name in function_names(rng, module)]
    for module in modules:
        for function in module.functions:
            for _ in range(weighted(rng, CALLS) if module.imports else 0):
                target = modules[rng.choice(module.imports)]
                function.calls.append((target.index, rng.randrange(len(target.functions))))
    return modules


def function_names(rng: random.Random, module: Module) -> list[str]:
    """3-6 names: some generic ones many modules share (``get``, ``parse``), most not."""
    names: list[str] = []
    for _ in range(rng.randint(3, 6)):
        generic = [name for name in GENERIC if name not in names]
        name = (rng.choice(generic) if rng.random() < 0.3
                else f"{rng.choice(VERBS)}_{module.alias}")
        names.append(name if name not in names else f"{name}_{len(names)}")
    return names


def pick_imports(rng: random.Random, module: Module, modules: list[Module]) -> set[int]:
    chosen: set[int] = set()
    for _ in range(min(weighted(rng, FAN_OUT), module.index)):
        roll = rng.random()
        same_sub = [m.index for m in modules[:module.index]
                    if (m.package, m.sub) == (module.package, module.sub)][-12:]
        same_pkg = [m.index for m in modules[:module.index]
                    if m.package == module.package and m.sub != module.sub][-40:]
        if roll < 0.55 and same_sub:
            chosen.add(rng.choice(same_sub))
        elif roll < 0.70 and same_pkg:
            chosen.add(rng.choice(same_pkg))
        else:
            chosen.add(int(module.index * rng.random() ** 3))
    return chosen


def import_line(module: Module, target: Module) -> str:
    if (target.package, target.sub) == (module.package, module.sub):
        return f"from . import mod{target.number:03d} as {target.alias}"
    if target.package == module.package:
        return f"from ..sub{target.sub} import mod{target.number:03d} as {target.alias}"
    return f"import {target.dotted} as {target.alias}"


def module_source(module: Module, modules: list[Module]) -> str:
    lines = [f'"""Generated module {module.dotted}."""', "", "from __future__ import annotations",
             "", "import math", *(import_line(module, modules[i]) for i in module.imports), "",
             f"SCALE = {module.index % 17 + 2}", f'NAME = "{module.alias}"', "", "",
             f"class Model{module.number:03d}:", f"    LIMIT = {module.index % 23 + 5}", "",
             "    def scaled(self, value):"]
    start = len(lines) + 1
    lines += ["        result = value * self.LIMIT", "        return result % SCALE"]
    module.method_body = range(start, len(lines) + 1)
    for position, function in enumerate(module.functions):
        lines += ["", "", f"def {function.name}(value):"]
        start = len(lines) + 1
        lines.append(f"    result = value + {position} * SCALE")
        for callee_module, callee in function.calls:
            callee_name = modules[callee_module].functions[callee].name
            lines.append(f"    result = {modules[callee_module].alias}.{callee_name}(result)")
        lines += ["    if result > 10 ** 6:", "        result = int(math.sqrt(result))",
                  "    return result"]
        function.body = range(start, len(lines) + 1)
    return "\n".join(lines) + "\n"


def package_inits(modules: list[Module]) -> dict[str, str]:
    inits = {"app/__init__.py": '"""Generated application."""\n'}
    for module in modules:
        package_dir = f"app/pkg{module.package:02d}"
        if module.number == 0:
            inits[f"{package_dir}/sub{module.sub}/__init__.py"] = REEXPORT.format(
                source=f".mod000 import {module.functions[0].name}")
        if module.number == 0 and module.sub == 0:
            inits[f"{package_dir}/__init__.py"] = REEXPORT.format(source=".sub0 import first")
    return inits


class TestFileWriter:
    """Accumulates one test file's lines and the test cases (with body lines) it defines."""

    def __init__(self, path: str, module: Module, header: list[str]) -> None:
        self.path, self.module, self.lines = path, module, header
        self.tests: list[TestCase] = []

    def add(self, name: str, function: int | None, body: str, *, params: tuple[int, ...] = (),
            cls: str = "") -> None:
        indent = "    " if cls else ""
        decorator = [f"@pytest.mark.parametrize('value', {list(params)})"] if params else []
        signature = "(self)" if cls else "(value)" if params else "()"
        self.lines += ["", *(f"{indent}{d}" for d in decorator), f"{indent}def {name}{signature}:",
                       f"{indent}    {body}"]
        lines = range(len(self.lines), len(self.lines) + 1)
        prefix = f"{self.path}::{cls + '::' if cls else ''}{name}"
        for nodeid in [f"{prefix}[{p}]" for p in params] or [prefix]:
            self.tests.append(TestCase(nodeid, self.module.index, function, lines))

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def plan_test_file(rng: random.Random, module: Module, modules: list[Module]) -> TestFileWriter:
    """One test file for ``module``: plain, parametrised and class-based tests."""
    path = f"tests/pkg{module.package:02d}/sub{module.sub}/test_{module.alias}.py"
    extra = modules[int(module.index * rng.random() ** 2)]
    header = ['"""Generated tests."""', "", "import pytest", "",
              f"import {module.dotted} as target", f"import {extra.dotted} as other"]
    if module.index % 4 == 0:
        header.append("from tests.helpers import baseline")
    writer = TestFileWriter(path, module, [*header, ""])
    for position, function in enumerate(module.functions):
        for case in range(2):
            writer.add(f"test_{function.name}_case_{case}", position,
                       f"assert target.{function.name}({case}) >= 0")
    writer.add("test_param", 0, f"assert target.{module.functions[0].name}(value) is not None",
               params=(1, 2, 3))
    cls = f"TestModel{module.number:03d}"
    writer.lines += ["", "", f"class {cls}:"]
    for case in range(2):
        writer.add(f"test_scaled_{case}", None,
                   f"assert target.Model{module.number:03d}().scaled({case}) >= 0", cls=cls)
    return writer


def support_files(modules: list[Module]) -> dict[str, str]:
    core = modules[0]
    files = {
        "pyproject.toml": '[tool.pytest.ini_options]\ntestpaths = ["tests"]\n',
        ".gitignore": "__pycache__/\n",
        "tests/__init__.py": "",
        "tests/conftest.py": (f"import pytest\n\nimport {core.dotted} as core\n\n\n"
                              "@pytest.fixture\ndef core_value():\n"
                              f"    return core.{core.functions[0].name}(1)\n"),
        "tests/helpers.py": "".join(f"import {m.dotted}\n" for m in modules[:: len(modules) // 5])
        + "\n\ndef baseline():\n    return 1\n",
    }
    for module in modules:
        if module.number:
            continue
        package_dir = f"tests/pkg{module.package:02d}"
        files[f"{package_dir}/__init__.py"] = ""
        files[f"{package_dir}/sub{module.sub}/__init__.py"] = ""
        if module.sub == 0 and module.package % 3 == 0:
            files[f"{package_dir}/conftest.py"] = (
                f"import pytest\n\nfrom app.pkg{module.package:02d} import first\n\n\n"
                "@pytest.fixture\ndef package_value():\n    return first(2)\n")
        if (module.package * 10 + module.sub) % 7 == 0:
            files[f"{package_dir}/sub{module.sub}/conftest.py"] = (
                f"import pytest\n\nimport {module.dotted} as local\n\n\n"
                "@pytest.fixture\ndef local_value():\n"
                f"    return local.{module.functions[0].name}(3)\n")
    return files


def generate(root: Path, *, seed: int, packages: int, subs: int, per_sub: int) -> GeneratedRepo:
    rng = random.Random(seed)
    modules = plan_modules(rng, packages, subs, per_sub)
    files = {m.path: module_source(m, modules) for m in modules}
    files.update(package_inits(modules))
    files.update(support_files(modules))
    tests: list[TestCase] = []
    test_files = []
    for module in modules[1::2]:
        writer = plan_test_file(rng, module, modules)
        files[writer.path] = writer.text()
        test_files.append(writer.path)
        tests += writer.tests
    for relative, text in files.items():
        target = root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return GeneratedRepo(root, modules, tests, test_files)


def executed_bodies(repo: GeneratedRepo, module: int, function: int,
                    memo: dict[tuple[int, int], Reached]) -> Reached:
    """Every (module, function) that calling ``function`` of ``module`` runs."""
    key = (module, function)
    if key not in memo:
        found = {key}
        for callee in repo.modules[module].functions[function].calls:
            found |= executed_bodies(repo, *callee, memo)
        memo[key] = frozenset(found)
    return memo[key]


def covered_lines(repo: GeneratedRepo, test: TestCase,
                  memo: dict[tuple[int, int], Reached]) -> Iterator[tuple[str, range]]:
    test_path = test.nodeid.split("::", 1)[0]
    yield test_path, test.body
    target = repo.modules[test.module]
    if test.function is None:
        yield target.path, target.method_body
        return
    for module, function in executed_bodies(repo, test.module, test.function, memo):
        yield repo.modules[module].path, repo.modules[module].functions[function].body


def line_map(repo: GeneratedRepo) -> dict[str, dict[int, set[str]]]:
    """path -> line -> the node ids that executed it, as a recording would give."""
    memo: dict[tuple[int, int], Reached] = {}
    files: dict[str, dict[int, set[str]]] = {}
    for test in repo.tests:
        for path, lines in covered_lines(repo, test, memo):
            per_line = files.setdefault(path, {})
            for line in lines:
                per_line.setdefault(line, set()).add(test.nodeid)
    return files


def package_inits_of(module: Module) -> list[str]:
    package = f"app/pkg{module.package:02d}"
    return ["app/__init__.py", f"{package}/__init__.py", f"{package}/sub{module.sub}/__init__.py"]


def import_edges(repo: GeneratedRepo) -> dict[str, set[str]]:
    """File -> the files importing it runs (package __init__ files included)."""
    edges: dict[str, set[str]] = {}
    for module in repo.modules:
        targets = [repo.modules[i] for i in module.imports]
        edges[module.path] = {m.path for m in targets} | {
            init for m in targets for init in package_inits_of(m)}
        inits = package_inits_of(module)
        if module.number == 0:
            edges.setdefault(inits[2], set()).add(module.path)
            if module.sub == 0:
                edges.setdefault(inits[1], set()).add(inits[2])
    for path in (repo.root / "tests").rglob("*.py"):
        relative = path.relative_to(repo.root).as_posix()
        edges.setdefault(relative, set()).update(static_imports(repo, path.read_text()))
    for test_file in repo.test_files:
        edges[test_file] |= conftests_above(repo, test_file)
    return edges


def static_imports(repo: GeneratedRepo, text: str) -> set[str]:
    """The app files (and helpers) a generated test-side file imports, with their inits."""
    by_dotted = {m.dotted: m for m in repo.modules}
    found: set[str] = set()
    for line in text.splitlines():
        words = line.split()
        if len(words) > 1 and words[0] in ("import", "from"):
            dotted = words[1]
            if dotted in by_dotted:
                found |= {by_dotted[dotted].path, *package_inits_of(by_dotted[dotted])}
            elif dotted.startswith("app.pkg"):
                found |= {"app/__init__.py", dotted.replace(".", "/") + "/__init__.py"}
            elif dotted == "tests.helpers":
                found.add("tests/helpers.py")
    return found


def conftests_above(repo: GeneratedRepo, test_file: str) -> set[str]:
    parts = test_file.split("/")[:-1]
    candidates = ["/".join([*parts[:depth], "conftest.py"]) for depth in range(1, len(parts) + 1)]
    return {c for c in candidates if (repo.root / c).exists()}


def importers(repo: GeneratedRepo, changed: set[str]) -> set[str]:
    """The test node ids whose file imports any of ``changed``, directly or not."""
    imported_by: dict[str, set[str]] = {}
    for path, targets in import_edges(repo).items():
        for target in targets:
            imported_by.setdefault(target, set()).add(path)
    reached, pending = set(changed), list(changed)
    while pending:
        for importer in imported_by.get(pending.pop(), ()):
            if importer not in reached:
                reached.add(importer)
                pending.append(importer)
    return {test.nodeid for test in repo.tests if test.nodeid.split("::", 1)[0] in reached}


def running(lines: dict[str, dict[int, set[str]]], module: Module, function: str) -> set[str]:
    """The node ids whose coverage (``line_map``) includes ``function`` of ``module``."""
    body = next(f for f in module.functions if f.name == function).body
    per_line = lines.get(module.path, {})
    return set().union(*(per_line.get(line, set()) for line in body))
