"""Reading ``qatron.yml`` safely: bytes to text, text to a YAML tree, the tree to data.

    >>> root = compose_text("a: [1, 2]\\n", Path("qatron.yml"))
    >>> construct(root)
    {'a': [1, 2]}

The tree is composed from libyaml's events under limits, so that no input can
crash, stall or flood the loader; each refusal is a ConfigError naming the
file, the line and the key:

- the file is UTF-8 text of at most ``MAX_BYTES``;
- collections nest at most ``MAX_DEPTH`` deep, counting what aliases bring in;
- a key appears once in a mapping (a merged ``<<: *x`` key may be overridden);
- an alias refers to something complete and may add at most
  ``MAX_ALIAS_VALUES`` values beyond those written ("billion laughs");
- keys are scalars, and there is one YAML document.

Dates and times stay the text written (the models parse the dates they need),
and so do the numbers and booleans of a service's ``env`` (``ZIP: 01234`` is
``"01234"``, not 668).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

import yaml
from yaml.constructor import ConstructorError

from qatron.errors import ConfigError

MAX_BYTES = 8 * 2**20
MAX_DEPTH = 64
MAX_ALIAS_VALUES = 100_000

_STR = "tag:yaml.org,2002:str"
_MERGE = "tag:yaml.org,2002:merge"
_AS_TEXT = {"tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool"}


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader (libyaml's parser when present); bad scalars become ConstructorErrors."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, KeyError, OverflowError) as exc:
            what = repr(_short(node.value)) if isinstance(node, yaml.ScalarNode) else "this"
            raise ConstructorError(None, None, f"cannot read {what} as {node.tag} ({exc})",
                                   node.start_mark) from None


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_str)


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is allowed), at most MAX_BYTES."""
    try:
        with path.open("rb") as file:
            data = file.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{path}: larger than {MAX_BYTES // 2**20} MiB, the most a qatron.yml "
                          f"may be; move generated lists (quarantine, suites) out of it")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise ConfigError(f"{path}:{line}: not UTF-8 text (byte 0x{data[exc.start]:02x} at "
                          f"column {column}); save the file as UTF-8") from None


def compose_text(text: str, path: Path) -> yaml.Node | None:
    """The YAML tree of ``text`` (None for an empty document), within the module's limits."""
    loader = _Loader(text)
    try:
        return _Composer(loader, path).document()
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: {yaml_problem(exc, text)}") from None
    finally:
        loader.dispose()


def construct(root: yaml.Node | None) -> Any:
    """Python data of a composed tree (merge keys applied to the tree itself)."""
    if root is None:
        return None
    _env_values_as_text(root)
    loader = _Loader("")
    try:
        return loader.construct_document(root)
    finally:
        loader.dispose()


def yaml_problem(exc: yaml.YAMLError, text: str = "") -> str:
    """'line L, column C: not valid YAML (problem)' for a parser or constructor error."""
    mark = getattr(exc, "problem_mark", None)
    position = getattr(exc, "position", None)
    if mark is not None:
        where = f"line {mark.line + 1}, column {mark.column + 1}: "
    elif isinstance(position, int) and text:
        where = f"line {text.count(chr(10), 0, position) + 1}: "
    else:
        where = ""
    problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or str(exc)
    if isinstance(exc, yaml.reader.ReaderError) and isinstance(exc.character, int):
        problem = f"character #x{exc.character:04x}: {exc.reason}"
    return f"{where}not valid YAML ({problem})"


def key_path(parts: Iterator[str] | list[str] | tuple[str, ...]) -> str:
    """``a.b.0`` for a location; a part with unprintable characters shown quoted."""
    return ".".join(part if part.isprintable() else repr(part) for part in parts) \
        or "(top level)"


def _short(value: Any, limit: int = 60) -> Any:
    return value[:limit] + "…" if isinstance(value, str) and len(value) > limit else value


class _Frame:
    """A collection being composed, with what its values add up to so far."""

    __slots__ = ("depth", "key", "node", "part", "seen", "size")

    def __init__(self, node: yaml.Node, part: str) -> None:
        self.node = node
        self.part = part
        self.key: yaml.Node | None = None
        self.seen: dict[tuple[str, str], int] = {}
        self.size = 1
        self.depth = 1


class _Composer:
    """Builds the node tree from parser events with an explicit stack (no recursion)."""

    def __init__(self, loader: Any, path: Path) -> None:
        self.loader = loader
        self.path = path
        self.anchors: dict[str, yaml.Node] = {}
        self.measure: dict[int, tuple[int, int]] = {}  # id(node) -> (values, depth)
        self.stack: list[_Frame] = []
        self.tags: dict[tuple[str, Any], str] = {}  # resolved tags of plain scalars
        self.written = 0
        self.expanded = 0

    def document(self) -> yaml.Node | None:
        self.loader.get_event()
        if self.loader.check_event(yaml.StreamEndEvent):
            return None
        self.loader.get_event()
        root = self._compose()
        self.loader.get_event()
        if not self.loader.check_event(yaml.StreamEndEvent):
            line = self.loader.get_event().start_mark.line + 1
            raise ConfigError(f"{self.path}:{line}: a second YAML document ('---'); "
                              f"qatron.yml holds one")
        return root

    def _compose(self) -> yaml.Node:
        get_event, stack = self.loader.get_event, self.stack
        while True:
            event = get_event()
            if type(event) is yaml.ScalarEvent:  # the common case, kept short
                node = self._new_node(event)
                self.written += 1
                if not stack:
                    return node
                self._attach(node, event)
                stack[-1].size += 1
                continue
            if isinstance(event, yaml.CollectionEndEvent):
                frame = self.stack.pop()
                frame.node.end_mark = event.end_mark
                self.measure[id(frame.node)] = (frame.size, frame.depth)
                node, size, depth = frame.node, frame.size, frame.depth
            elif isinstance(event, yaml.AliasEvent):
                node = self._alias(event)
                size, depth = self.measure.get(id(node), (1, 0))
                self.expanded += size
                if self.expanded > MAX_ALIAS_VALUES + self.written:
                    self._fail(event, f"aliases expand to more than {MAX_ALIAS_VALUES:,} values "
                                      f"beyond the {self.written:,} written: refused as an alias "
                                      f"bomb; write the values out or use fewer aliases")
            else:
                node = self._new_node(event)
                self.written += 1
                if isinstance(node, yaml.CollectionNode):
                    if len(self.stack) >= MAX_DEPTH:
                        self._fail(event, f"nested more than {MAX_DEPTH} levels deep")
                    self._attach(node, event)
                    self.stack.append(_Frame(node, self._part_of_next()))
                    continue
                size, depth = 1, 0
            if isinstance(node, yaml.ScalarNode) or isinstance(event, yaml.AliasEvent):
                self._attach(node, event)
            if not self.stack:
                return node
            self._add(size, depth, event)

    def _new_node(self, event: Any) -> yaml.Node:
        tag = event.tag
        # The C parser's marks (yaml._yaml.Mark) have the fields of yaml.Mark, the only kind
        # the stubs let a node carry.
        start: Any = event.start_mark
        if isinstance(event, yaml.ScalarEvent):
            if tag is None or tag == "!":
                ident = (event.value, event.implicit)
                tag = self.tags.get(ident)
                if tag is None:
                    tag = self.tags[ident] = self.loader.resolve(yaml.ScalarNode, *ident)
            end: Any = event.end_mark
            node: yaml.Node = yaml.ScalarNode(tag, event.value, start, end, style=event.style)
        else:
            kind = yaml.SequenceNode if isinstance(event, yaml.SequenceStartEvent) \
                else yaml.MappingNode
            if tag is None or tag == "!":
                tag = self.loader.resolve(kind, None, event.implicit)
            node = kind(tag, [], start, None, flow_style=event.flow_style)
        if event.anchor is not None:
            self.anchors[event.anchor] = node
        return node

    def _alias(self, event: Any) -> yaml.Node:
        node = self.anchors.get(event.anchor)
        if node is None:
            self._fail(event, f"alias *{event.anchor} names no anchor (&{event.anchor}) above it")
        if any(frame.node is node for frame in self.stack):
            self._fail(event, f"alias *{event.anchor} is inside the value it names")
        return node

    def _part_of_next(self) -> str:
        if not self.stack:
            return ""
        parent = self.stack[-1]
        if isinstance(parent.node, yaml.SequenceNode):
            return str(len(parent.node.value) - 1)
        return str(parent.node.value[-1][0].value) if parent.node.value else ""

    def _attach(self, node: yaml.Node, event: Any) -> None:
        if not self.stack:
            return
        parent = self.stack[-1]
        if isinstance(parent.node, yaml.SequenceNode):
            parent.node.value.append(node)
        elif parent.key is None:
            if not isinstance(node, yaml.ScalarNode):
                self._fail(event, "a key must be text, not a list or a mapping")
            self._check_unique(parent, node, event)
            parent.key = node
        else:
            parent.node.value.append((parent.key, node))
            parent.key = None

    def _check_unique(self, parent: _Frame, key: yaml.Node, event: Any) -> None:
        ident = (key.tag, key.value)
        if ident in parent.seen:
            self._fail(event, f"duplicate key {_short(key.value)!r} (first on line "
                              f"{parent.seen[ident]}); keep one", key.value)
        parent.seen[ident] = event.start_mark.line + 1

    def _add(self, size: int, depth: int, event: Any) -> None:
        parent = self.stack[-1]
        parent.size += size
        parent.depth = max(parent.depth, depth + 1)
        if parent.depth + len(self.stack) - 1 > MAX_DEPTH:
            self._fail(event, f"nested more than {MAX_DEPTH} levels deep (counting what "
                              f"aliases bring in)")

    def _fail(self, event: Any, problem: str, key: str | None = None) -> NoReturn:
        parts = [frame.part for frame in self.stack[1:]]
        top = self.stack[-1] if self.stack else None
        if key is not None:
            parts.append(str(key))
        elif top is not None and isinstance(top.node, yaml.SequenceNode):
            parts.append(str(len(top.node.value)))
        elif top is not None and top.key is not None:
            parts.append(str(top.key.value))
        if len(parts) > 8:
            parts = [*parts[:4], "…", *parts[-2:]]
        loc = key_path(parts)
        raise ConfigError(f"{self.path}:{event.start_mark.line + 1}: {loc}: {problem}")


def _pairs(node: yaml.Node) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """A mapping's (key, value) pairs, those of ``<<`` merges included."""
    if not isinstance(node, yaml.MappingNode):
        return
    for key, value in node.value:
        if key.tag == _MERGE:
            for merged in value.value if isinstance(value, yaml.SequenceNode) else [value]:
                yield from _pairs(merged)
        else:
            yield key, value


def _values(node: yaml.Node, key: str) -> Iterator[yaml.Node]:
    return (value for k, value in _pairs(node) if k.value == key)


def _as_text(node: yaml.Node) -> None:
    if isinstance(node, yaml.ScalarNode) and not node.style and node.tag in _AS_TEXT:
        node.tag = _STR


def _env_values_as_text(root: yaml.Node) -> None:
    """Plain numbers and booleans as the text written: names of variables and env, env values."""
    for environments in _values(root, "environments"):
        for _, environment in _pairs(environments):
            for variables in _values(environment, "variables"):
                for key, _ in _pairs(variables):
                    _as_text(key)
            for services in _values(environment, "services"):
                for _, service in _pairs(services):
                    for env in _values(service, "env"):
                        for key, value in _pairs(env):
                            _as_text(key)
                            _as_text(value)
