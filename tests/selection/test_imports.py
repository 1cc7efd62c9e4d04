"""The import scan and graph: every import found, module names resolved like Python does."""

from __future__ import annotations

import ast
import time
from pathlib import Path

from qatron.selection.imports import chain_of, import_graph, module_names
from qatron.selection.scan import scan
from qatron.selection.snapshot import Snapshot
from tests.selection import Repo

TRICKY = b'''\
import os, a.b as c
from . import x, y as z
from ..pkg.mod import (
    q,  # a comment with a ) in it
    r,
)
from imports import thing
if TYPE_CHECKING: import lazy.mod
try: from m1 import n1
except ImportError: pass
value = 1; import after_semicolon
def f():
    import inside_function
    importlib.import_module("literal.mod")
    pytest.importorskip("optional_dep")
def import_module(name): pass
from a import b, \\
    c
pytest_plugins = ["plugin.one", 'plugin.two']
'''


def test_scan_finds_every_kind_of_import() -> None:
    facts = scan(TRICKY)
    assert set(facts.imports) == {
        ("os", 0, ()), ("a.b", 0, ()), ("", 1, ("x", "y")), ("pkg.mod", 2, ("q", "r")),
        ("imports", 0, ("thing",)), ("lazy.mod", 0, ()), ("m1", 0, ("n1",)),
        ("after_semicolon", 0, ()), ("inside_function", 0, ()), ("literal.mod", 0, ()),
        ("optional_dep", 0, ()), ("a", 0, ("b", "c")), ("plugin.one", 0, ()),
        ("plugin.two", 0, ()),
    }
    assert not facts.dynamic


def test_computed_imports_make_a_module_dynamic() -> None:
    assert scan(b"import importlib\nmod = importlib.import_module(name)\n").dynamic
    assert scan(b"mod = __import__('pkg.' + name)\n").dynamic
    assert scan(b"importlib.import_module(f'pkg.{name}')\n").dynamic
    assert not scan(b"importlib.import_module('pkg.fixed')\n").dynamic


def test_scan_never_misses_an_import_ast_sees() -> None:
    """Every import of some of the standard library's modules (an independent corpus)."""
    sources = [p.read_bytes() for p in sorted(Path(ast.__file__).parent.glob("*.py"))[::8]]
    for source in sources:
        wanted = set()
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                wanted |= {(alias.name, 0) for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                wanted.add((node.module or "", node.level))
        found = {(module, level) for module, level, _ in scan(source).imports}
        assert wanted <= found


def test_module_names_follow_packages_and_roots() -> None:
    packages = {"src/shop", "src/shop/payments"}
    assert module_names("src/shop/payments/card.py", packages, ["", "src"]) == [
        "shop.payments.card", "src.shop.payments.card"]
    assert module_names("src/shop/__init__.py", packages, ["src"]) == ["shop"]
    assert module_names("tests/helpers.py", packages, ["", "tests"]) == [
        "helpers", "tests.helpers"]


LAYOUT = {
    "src/shop/__init__.py": "from shop.version import VERSION\n",
    "src/shop/version.py": "VERSION = '1'\n",
    "src/shop/payments/__init__.py": "",
    "src/shop/payments/card.py": "from ..money import Money\n",
    "src/shop/money.py": "import decimal\n",
    "src/shop/plugins.py": "import importlib\n\ndef load(n):\n"
                           "    return importlib.import_module(n)\n",
    "tests/conftest.py": "import helpers\n",
    "tests/helpers.py": "from shop.payments import card\n",
    "tests/test_card.py": "import shop.payments.card\n",
    "tests/test_money.py": "from shop import money\n",
    "tests/test_plain.py": "import os\n",
}


def test_the_graph_resolves_packages_relative_imports_and_submodules(tmp_path: Path) -> None:
    Repo(tmp_path, LAYOUT)
    graph = import_graph(Snapshot(tmp_path), [""], ["", "src", "tests"])
    assert graph.deps["tests/test_card.py"] == {
        "src/shop/__init__.py", "src/shop/payments/__init__.py", "src/shop/payments/card.py"}
    assert "src/shop/money.py" in graph.deps["src/shop/payments/card.py"]
    assert "src/shop/payments/__init__.py" in graph.deps["src/shop/payments/card.py"]
    assert "src/shop/money.py" in graph.deps["tests/test_money.py"]
    assert graph.deps["tests/conftest.py"] == {"tests/helpers.py"}
    assert graph.dynamic == {"src/shop/plugins.py"}
    parent = graph.reach(["src/shop/money.py"])
    assert "tests/test_plain.py" not in parent
    assert chain_of(parent, "tests/helpers.py") == [
        "tests/helpers.py", "src/shop/payments/card.py", "src/shop/money.py"]
    assert graph.importers_of(["shop.money"]) == {"tests/test_money.py",
                                                   "src/shop/payments/card.py"}


def test_the_graph_is_cached_and_rebuilt_when_a_file_changes(tmp_path: Path) -> None:
    repo = Repo(tmp_path, LAYOUT)
    first = import_graph(Snapshot(tmp_path), [""], [""])
    assert import_graph(Snapshot(tmp_path), [""], [""]) is first
    time.sleep(0.01)
    repo.write({"tests/test_plain.py": "from shop import version\n"})
    second = import_graph(Snapshot(tmp_path), [""], [""])
    assert second is not first
    assert "src/shop/version.py" in second.deps["tests/test_plain.py"]


def test_a_commit_snapshot_reads_that_commit_not_the_working_tree(tmp_path: Path) -> None:
    repo = Repo(tmp_path, LAYOUT)
    repo.write({"tests/test_plain.py": "from shop import version\n"})
    graph = import_graph(Snapshot(tmp_path, "HEAD"), [""], [""])
    assert graph.deps["tests/test_plain.py"] == set()
