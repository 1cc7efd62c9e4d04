"""The engine ``qatron/`` never imports the layers above it.

Only the command line (``qatron/cli/``, and the flat ``qatron/cli.py``, ``qatron/cli_*.py``)
may reach up to Prefect, the flows, tasks, blocks and reports: it starts flow runs.
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


def upper_imports(source: str, filename: str) -> list[tuple[int, str]]:
    """Each import of an upper layer in ``source``, by line: the line and the statement."""
    return sorted(_upper_imports(ast.parse(source, filename)))


def _upper_imports(tree: ast.AST) -> Iterator[tuple[int, str]]:
    for node in ast.walk(tree):
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
        if is_cli(relative):
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
        "(only the command line may); move the code up a layer or pass the data down:\n"
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


def test_only_the_command_line_is_exempt() -> None:
    assert is_cli(Path("qatron/cli.py"))
    assert is_cli(Path("qatron/cli_runs.py"))
    assert is_cli(Path("qatron/cli/run.py"))
    assert is_cli(Path("qatron/cli/sub/deeper.py"))
    assert not is_cli(Path("qatron/config.py"))
    assert not is_cli(Path("qatron/store/cli_helpers.py"))
    assert not is_cli(Path("qatron/client.py"))
