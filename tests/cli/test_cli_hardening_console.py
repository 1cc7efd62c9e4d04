"""qatron.console is the one place that writes to the terminal, and data never becomes markup."""

from __future__ import annotations

import ast
import io
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console

from qatron import console
from qatron.console import cell, markup, plain
from tests.projects import REPO

SOURCES = [REPO / folder for folder in ("qatron", "flows", "tasks", "reports", "blocks")]
#: Calls that parse rich markup or make a console of their own.
MARKUP_ENTRY_POINTS = {"Console", "from_markup", "render_markup"}


def _render(renderable: object) -> str:
    sink = Console(file=io.StringIO(), width=10_000, markup=False, emoji=False,
                   highlight=False, color_system=None)
    sink.print(renderable)
    return sink.file.getvalue()  # type: ignore[attr-defined]


@given(st.text(), st.text())
def test_values_print_exactly_in_their_styles(first: str, second: str) -> None:
    text = markup("[bold]{first}[/] and [red]{second}[/]!", first=first, second=second)
    first, second = plain(first), plain(second)
    assert text.plain == f"{first} and {second}!"
    styled = {(text.plain[span.start:span.end], str(span.style)) for span in text.spans}
    assert styled <= {(first, "bold"), (second, "red")}
    _render(text)


def test_markup_formats_like_str_format() -> None:
    text = markup("{took:.1f}s [b]{name!r}[/]", took=1.25, name="[/x]")
    assert text.plain == "1.2s '[/x]'" and text.spans[0].start == 5


def test_brackets_backslashes_and_emoji_codes_stay_as_they_are() -> None:
    for value in ["test_get[/api/v1/users]", "[/health]", "[bold red]x", "C:\\dir\\",
                  "\\[/]", ":smile:", "[link=file:///etc/passwd]x[/link]"]:
        assert _render(markup("[green]{v}[/]", v=value)).rstrip("\n") == value
        assert _render(cell(value)).rstrip("\n") == value
    for stream in (console.out, console.err):
        assert not stream._markup and not stream._emoji  # strings print as they are


def test_terminal_control_sequences_in_data_are_shown_not_obeyed() -> None:
    hostile = "test_x\x1b[2J\x1b]0;pwned\x07\rdone\x9b"
    shown = "test_x\\x1b[2J\\x1b]0;pwned\\x07\\rdone\\x9b"
    assert _render(markup("[red]{v}[/]", v=hostile)).rstrip("\n") == shown
    assert _render(cell(hostile)).rstrip("\n") == shown
    sink = io.StringIO()
    stream = type(console.out)(file=sink, markup=False, emoji=False, highlight=False,
                               color_system=None, width=10_000)
    stream.print(hostile)
    assert sink.getvalue().rstrip("\n") == shown
    assert plain("tabs\tand\nlines stay") == "tabs\tand\nlines stay"


def _markup_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "rich.markup":
            found += [f"imports rich.markup.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in MARKUP_ENTRY_POINTS:
                found.append(f"calls {name}()")
            found += [f"passes {kw.arg}=" for kw in node.keywords if kw.arg == "markup"]
    return [f"{path.relative_to(REPO)}:{use}" for use in found]


def test_no_module_but_qatron_console_parses_markup_or_makes_a_console() -> None:
    uses = [use for folder in SOURCES for path in sorted(folder.rglob("*.py"))
            if path != REPO / "qatron" / "console.py" for use in _markup_uses(path)]
    assert uses == []
