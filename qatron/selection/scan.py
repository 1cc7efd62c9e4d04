"""What one Python file imports, read from its text.

A token-level scan, not ``ast.parse``: parsing costs 5-10 ms per realistic
module (20 s for 3,000 files), this scan well under 0.1 ms. It errs on the
safe side: it finds every ``import``/``from … import`` statement (also after
``:`` or ``;``, inside functions and ``try``/``if`` blocks), literal
``importlib.import_module``/``__import__``/``pytest.importorskip`` calls and
``pytest_plugins``; an import-looking line inside a string is counted too,
which can only add tests. A computed dynamic import marks the module as
possibly depending on anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_IDENT = rb"[\w\x80-\xff]"
_STATEMENT = re.compile(
    rb"[ \t]*(?:"
    rb"from(?:[ \t]+|(?=\.))(?P<from>[.\w\x80-\xff \t]*?)(?:[ \t]+|(?<=\.))import(?=[ \t(\\])[ \t]*"
    rb"(?P<names>\((?:[^)#]|#[^\n]*)*\)|(?:[^\n;#\\]|\\\r?\n)*)"
    rb"|import[ \t]+(?P<modules>(?:[^\n;#\\]|\\\r?\n)+))",
)
_SEPARATOR = re.compile(rb"[;:]")
_DYNAMIC = re.compile(rb"(?<!def )\b(?:import_module|__import__|importorskip)[ \t]*\("
                      rb"(?:[ \t\r\n]*(?P<q>['\"])(?P<name>[.\w\x80-\xff]+)(?P=q)"
                      rb"(?=[ \t\r\n]*[,)]))?")
_PLUGINS = re.compile(rb"^pytest_plugins[ \t]*(?::[^=\n]*)?=[ \t]*"
                      rb"(?P<value>\[[^\]]*\]|\([^)]*\)|[^\n]*)", re.M)
_STRING = re.compile(rb"(['\"])([.\w\x80-\xff]+)\1")
_COMMENT = re.compile(rb"#[^\n]*")
_DOTTED = re.compile(rb"^\.*(?:" + _IDENT + rb"+(?:\." + _IDENT + rb"+)*)?$")

#: (module, level, imported names): ``from ..a.b import c`` is ``("a.b", 2, ("c",))``.
ImportRef = tuple[str, int, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ModuleFacts:
    """The imports of one file, and whether it also imports by computed name."""

    imports: tuple[ImportRef, ...]
    dynamic: bool


def scan(source: bytes) -> ModuleFacts:
    """Every import of ``source`` (see the module docstring for what counts)."""
    imports = _statements(source)
    dynamic = False
    if b"import_module" in source or b"__import__" in source or b"importorskip" in source:
        for match in _DYNAMIC.finditer(source):
            if match["name"] is None:
                dynamic = dynamic or b"importorskip" not in match[0]
            else:
                imports.append(_literal(match["name"].decode("utf-8", "replace")))
    if b"pytest_plugins" in source:
        imports.extend(_plugins(source))
    return ModuleFacts(tuple(imports), dynamic)


def _statements(source: bytes) -> list[ImportRef]:
    """Import statements: tried at each line holding ``import``, and after its ``;``/``:``."""
    imports: list[ImportRef] = []
    tried: set[int] = set()
    index = source.find(b"import")
    while index != -1:
        line = source.rfind(b"\n", 0, index) + 1
        begins = [line, *(m.end() for m in _SEPARATOR.finditer(source, line, index))]
        for begin in begins:
            if begin in tried:
                continue
            tried.add(begin)
            match = _STATEMENT.match(source, begin)
            if match is None:
                continue
            if match["modules"] is not None:
                imports.extend((name, 0, ()) for name in _names(match["modules"]))
            elif (ref := _from_import(match["from"], match["names"])) is not None:
                imports.append(ref)
        index = source.find(b"import", index + 6)
    return imports


def _names(raw: bytes) -> list[str]:
    """``a.b as c, d`` → ``['a.b', 'd']`` (invalid pieces dropped)."""
    text = _COMMENT.sub(b"", raw.replace(b"\\\n", b" ")).strip(b" \t\r\n()")
    names = []
    for piece in text.split(b","):
        words = piece.split()
        if words and _DOTTED.match(words[0]) and not words[0].startswith(b"."):
            names.append(words[0].decode("utf-8", "replace"))
    return names


def _from_import(module: bytes, names: bytes) -> ImportRef | None:
    module = module.replace(b" ", b"").replace(b"\t", b"")
    if not module or not _DOTTED.match(module):
        return None
    stripped = module.lstrip(b".")
    level = len(module) - len(stripped)
    imported = tuple(n for n in _names(names) if "." not in n)
    return stripped.decode("utf-8", "replace"), level, imported


def _literal(name: str) -> ImportRef:
    stripped = name.lstrip(".")
    return stripped, len(name) - len(stripped), ()


def _plugins(source: bytes) -> list[ImportRef]:
    refs: list[ImportRef] = []
    for match in _PLUGINS.finditer(source):
        refs.extend((s[2].decode("utf-8", "replace"), 0, ())
                    for s in _STRING.finditer(match["value"]))
    return refs
