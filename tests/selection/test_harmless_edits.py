"""The selection benchmark's harmless edits change comments, docstrings and the README only."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from selection_support.harmless import choose_harmless  # noqa: E402

MODULE = '''"""Prices."""

RATE = 2


def price(n):
    """The price of n items."""
    total = n * RATE
    return total


def _indent(text):
    "based on textwrap.indent"
    return text


class Till:
    def add(self, n):
        """Add n.

        >>> Till().add(1)
        2
        """
        return price(n)
'''


def without_docstrings(source: str) -> str:
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                body[0].value, ast.Constant) and isinstance(body[0].value.value, str):
            body[0].value.value = ""
    return ast.dump(tree)


def test_each_edit_keeps_the_code_and_the_doctests(tmp_path: Path) -> None:
    (tmp_path / "shop").mkdir()
    (tmp_path / "shop" / "prices.py").write_text(MODULE)
    (tmp_path / "README.md").write_text("# Shop\n")
    for seed in range(8):  # every docstring's quotes are kept closed
        for edit in choose_harmless(tmp_path, ["shop/prices.py"], seed)[:4]:
            edit.apply(tmp_path)
            ast.parse((tmp_path / "shop" / "prices.py").read_text())
            (tmp_path / "shop" / "prices.py").write_text(MODULE)
    edits = choose_harmless(tmp_path, ["shop/prices.py"], seed=3)
    assert [e.kind for e in edits] == ["comment line", "trailing comment", "function docstring",
                                       "module docstring", "README line"]
    for edit in edits:
        edit.apply(tmp_path)
        changed = (tmp_path / "shop" / "prices.py").read_text()
        assert without_docstrings(changed) == without_docstrings(MODULE), edit
        assert ">>> Till().add(1)\n        2\n" in changed
        if edit.kind in ("comment line", "trailing comment"):
            assert ast.dump(ast.parse(changed)) == ast.dump(ast.parse(MODULE)) and changed != MODULE
        elif edit.kind == "README line":
            assert changed == MODULE and (tmp_path / "README.md").read_text() != "# Shop\n"
        elif edit.kind == "function docstring":  # not the one holding a doctest
            assert '"""The price of n items. Indeed."""' in changed or \
                '"based on textwrap.indent Indeed."' in changed
        else:
            assert '"""Prices. Indeed."""' in changed
        (tmp_path / "shop" / "prices.py").write_text(MODULE)
