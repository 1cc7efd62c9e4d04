"""The engine ``qatron/`` never imports the layers above it.

Only the entry point that starts flow runs may reach up to Prefect, the flows, tasks,
blocks and reports: the command line (``qatron/cli/``, and the flat ``qatron/cli.py``,
``qatron/cli_*.py``). The Python API (``qatron/api.py``) starts its flow runs through the
command line's ``qatron.cli.run.call_flow``, and so is checked like the rest of the engine.
Imports at module level, inside functions and through ``importlib.import_module("…")``
with a literal name all count.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINE = ROOT / "qatron"
#: Top-level packages above the engine (docs/architecture.md, "Layers").
UPPER_LAYERS = frozenset({"prefect", "flows", "tasks", "blocks", "reports"})
_IMPORTERS = frozenset({"import_module", "__import__"})


def is_cli(path: Path) -> bool:
    """Whether ``path`` (relative to the repository) is part of the command line."""
    parts = path.parts
    return parts[:2] == ("qatron", "cli") or (
        len(parts) == 2 and parts[0] == "qatron"
        and (parts[1] == "cli.py" or parts[1].startswith("cli_")))


def is_entry_point(path: Path) -> bool:
    """Whether ``path`` (relative to the repository) may start flow runs: the command
    line."""
    return is_cli(path)


def upper_imports(source: str, filename: str) -> list[tuple[int, str]]:
    """Each import of an upper layer in ``source``, by line: the line and the statement."""
    return sorted(_upper_imports(ast.parse(source, filename)))


def module_level_upper_imports(source: str, filename: str) -> list[tuple[int, str]]:
    """The imports of an upper layer in ``source`` that run when it is imported (outside
    every function)."""
    return sorted(_upper_imports(ast.parse(source, filename), functions=False))


def _upper_imports(tree: ast.AST, functions: bool = True) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree) if functions else _outside_functions(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _top(alias.name) in UPPER_LAYERS:
                    yield node.lineno, f"import {alias.name}"
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module and _top(node.module) in UPPER_LAYERS:
                names = ", ".join(alias.name for alias in node.names)
                yield node.lineno, f"from {node.module} import {names}"
        elif isinstance(node, ast.Call):
            module = _imported_name(node)
            if module is not None and _top(module) in UPPER_LAYERS:
                yield node.lineno, f"{ast.unparse(node.func)}({module!r})"


def _outside_functions(tree: ast.AST) -> Iterator[ast.AST]:
    """The nodes of ``tree`` that are not inside a function or lambda."""
    for node in ast.iter_child_nodes(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            yield node
            yield from _outside_functions(node)


def _top(module: str) -> str:
    return module.partition(".")[0]


def _imported_name(call: ast.Call) -> str | None:
    """The literal module name of ``importlib.import_module("m")`` or ``__import__("m")``."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
    if name not in _IMPORTERS or not call.args:
        return None
    first = call.args[0]
    return first.value if isinstance(first, ast.Constant) and isinstance(first.value, str) \
        else None


def engine_violations() -> list[str]:
    found = []
    for path in sorted(ENGINE.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if is_entry_point(relative):
            continue
        try:
            imports = upper_imports(path.read_text(encoding="utf-8"), str(path))
        except SyntaxError as exc:
            found.append(f"{relative}:{exc.lineno}: does not parse as Python 3.11: {exc.msg}")
            continue
        found.extend(f"{relative}:{line}: {statement}" for line, statement in imports)
    return found


def test_the_engine_imports_no_upper_layer() -> None:
    violations = engine_violations()
    assert not violations, (
        "the engine qatron/ must not import Prefect, flows, tasks, blocks or reports "
        "(only the command line and qatron/api.py may); move the code up a layer or pass "
        "the data down:\n"
        + "\n".join(violations))


def test_eager_lazy_and_dynamic_imports_are_all_found() -> None:
    source = (
        "import os\n"
        "import prefect.blocks.core\n"
        "from reports.html import write\n"
        "from qatron import config\n"
        "from . import flows\n"
        "def later():\n"
        "    from blocks.environment import load_environment\n"
        "    import importlib\n"
        "    importlib.import_module('tasks.status')\n"
        "    import_module('flows.run_suite')\n"
        "    importlib.import_module(name)\n"
        "    __import__('prefect')\n"
    )
    assert upper_imports(source, "sample.py") == [
        (2, "import prefect.blocks.core"),
        (3, "from reports.html import write"),
        (7, "from blocks.environment import load_environment"),
        (9, "importlib.import_module('tasks.status')"),
        (10, "import_module('flows.run_suite')"),
        (12, "__import__('prefect')"),
    ]


def test_imports_inside_functions_are_not_module_level() -> None:
    source = (
        "import prefect\n"
        "if True:\n"
        "    from flows.run_suite import run_suite\n"
        "def run():\n"
        "    from flows.run_suite import run_suite\n"
        "class Runner:\n"
        "    def go(self):\n"
        "        import tasks.status\n"
    )
    assert module_level_upper_imports(source, "sample.py") == [
        (1, "import prefect"), (3, "from flows.run_suite import run_suite")]


def test_only_the_command_line_is_exempt() -> None:
    assert is_cli(Path("qatron/cli.py"))
    assert is_cli(Path("qatron/cli_runs.py"))
    assert is_cli(Path("qatron/cli/run.py"))
    assert is_cli(Path("qatron/cli/sub/deeper.py"))
    assert not is_cli(Path("qatron/config.py"))
    assert not is_cli(Path("qatron/store/cli_helpers.py"))
    assert not is_cli(Path("qatron/client.py"))


def test_the_api_module_is_not_an_entry_point() -> None:
    assert not is_entry_point(Path("qatron/api.py"))
    assert is_entry_point(Path("qatron/cli/run.py"))
    assert not is_cli(Path("qatron/api.py"))
    assert not is_entry_point(Path("qatron/apis.py"))
    assert not is_entry_point(Path("qatron/api/run.py"))
    assert not is_entry_point(Path("qatron/store/api.py"))
