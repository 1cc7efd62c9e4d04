"""The static import graph of an application's Python files.

Each file gets the module names it can be imported as: its package name
(the chain of folders holding ``__init__.py``, as pytest's default import
mode sees it) and its dotted path under each source or test root (src/
layouts, namespace packages). ``import a.b.c`` depends on ``a``, ``a.b`` and
``a.b.c``; ``from a import b`` also on the submodule ``a.b``; every module on
its package's ``__init__``. Facts per file are cached in memory by the
file's cache key, whole graphs by the set of keys::

    >>> graph = import_graph(snapshot, ["services", "tests"], roots=["", "tests"])
    >>> parents = graph.reach(["services/domain.py"])
"""

from __future__ import annotations

import posixpath
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from qatron.selection.scan import ImportRef, ModuleFacts, scan
from qatron.selection.snapshot import Snapshot

_FACTS: dict[tuple[str, object], ModuleFacts] = {}
_GRAPHS: dict[tuple[object, ...], ImportGraph] = {}
_MAX_GRAPHS = 4


@dataclass
class ImportGraph:
    """Files (repository-relative) and who imports whom."""

    deps: dict[str, set[str]] = field(default_factory=dict)
    rdeps: dict[str, list[str]] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)
    wanted: dict[str, set[str]] = field(default_factory=dict)
    dynamic: set[str] = field(default_factory=set)
    packages: set[str] = field(default_factory=set)
    roots: list[str] = field(default_factory=list)

    def __contains__(self, path: str) -> bool:
        return path in self.deps

    def importers_of(self, names: Iterable[str]) -> set[str]:
        """Files that ask for any of these module names, found or not (deleted modules)."""
        found: set[str] = set()
        for name in names:
            found |= self.wanted.get(name, set())
        return found

    def names_of(self, path: str, extra_packages: Iterable[str] = ()) -> list[str]:
        """The module names ``path`` has (or had) in this graph's layout."""
        return module_names(path, self.packages | set(extra_packages), self.roots)

    def requested(self, facts: ModuleFacts, path: str) -> list[str]:
        """Module names a file with these facts at ``path`` asks for."""
        names = self.names_of(path)
        return wanted_names(facts.imports, names[0] if names else "",
                            path.endswith("/__init__.py"))

    def reach(self, seeds: Iterable[str],
              extra: Callable[[str], Iterable[str]] | None = None) -> dict[str, str | None]:
        """Every file depending on a seed → the next file on its shortest path to one."""
        parent: dict[str, str | None] = dict.fromkeys(seeds)
        queue = deque(parent)
        while queue:
            node = queue.popleft()
            more = extra(node) if extra is not None else ()
            for dependent in (*self.rdeps.get(node, ()), *more):
                if dependent not in parent:
                    parent[dependent] = node
                    queue.append(dependent)
        return parent


def chain_of(parent: dict[str, str | None], node: str) -> list[str]:
    """``[node, …, seed]`` along the shortest path :meth:`ImportGraph.reach` found."""
    path = [node]
    while (step := parent[path[-1]]) is not None:
        path.append(step)
    return path


def import_graph(snapshot: Snapshot, folders: list[str], roots: list[str]) -> ImportGraph:
    """The graph of every ``.py`` file under ``folders`` (repository-relative)."""
    keys = {p: k for p, k in snapshot.files(folders).items() if p.endswith(".py")}
    signature = (str(snapshot.root), snapshot.revision, tuple(roots), tuple(keys.items()))
    graph = _GRAPHS.get(signature)
    if graph is None:
        graph = _build(_facts(snapshot, keys), roots)
        if len(_GRAPHS) >= _MAX_GRAPHS:
            _GRAPHS.pop(next(iter(_GRAPHS)))
        _GRAPHS[signature] = graph
    return graph


def _facts(snapshot: Snapshot, keys: dict[str, object]) -> dict[str, ModuleFacts]:
    missing = [path for path, key in keys.items() if (path, key) not in _FACTS]
    for path, data in snapshot.read(missing).items():
        _FACTS[(path, keys[path])] = scan(data or b"")
    return {path: _FACTS[(path, key)] for path, key in keys.items()}


def module_names(path: str, packages: set[str], roots: list[str]) -> list[str]:
    """The dotted names ``path`` can be imported as (see the module docstring)."""
    folder, base = posixpath.split(path)
    parts = [] if base == "__init__.py" else [base[:-3]]
    while folder and folder in packages:
        folder, name = posixpath.split(folder)
        parts.insert(0, name)
    names = [".".join(parts)] if parts else []
    for root in roots:
        inside = path if root == "" else path[len(root) + 1:] if path.startswith(root + "/") \
            else None
        if inside is not None:
            pieces = inside[:-3].split("/")
            pieces = pieces[:-1] if pieces[-1] == "__init__" else pieces
            if pieces and all(piece.isidentifier() for piece in pieces):
                names.append(".".join(pieces))
    return list(dict.fromkeys(n for n in names if n))


def _build(facts: dict[str, ModuleFacts], roots: list[str]) -> ImportGraph:
    packages = {posixpath.dirname(p) for p in facts if p.endswith("/__init__.py")}
    graph = ImportGraph(packages=packages, roots=list(roots))
    natural: dict[str, str] = {}
    for path in facts:
        names = module_names(path, packages, roots)
        natural[path] = names[0] if names else ""
        for name in names:
            graph.names.setdefault(name, []).append(path)
    for path, fact in facts.items():
        wanted = wanted_names(fact.imports, natural[path], path.endswith("/__init__.py"))
        deps = _resolve(graph, wanted, path)
        deps |= _parent_package(path, packages)
        deps.discard(path)
        graph.deps[path] = deps
        for name in wanted:
            graph.wanted.setdefault(name, set()).add(path)
        if fact.dynamic:
            graph.dynamic.add(path)
    for path, deps in graph.deps.items():
        for dep in deps:
            graph.rdeps.setdefault(dep, []).append(path)
    return graph


def wanted_names(refs: tuple[ImportRef, ...], name: str, is_package: bool) -> list[str]:
    """Absolute module names a file's imports may load (prefixes and submodules)."""
    wanted: list[str] = []
    for module, level, imported in refs:
        if level:
            package = name if is_package else name.rpartition(".")[0]
            pieces = package.split(".") if package else []
            if level > len(pieces):
                continue
            base = ".".join(pieces[:len(pieces) - level + 1])
            module = f"{base}.{module}" if module else base
        if not module:
            continue
        parts = module.split(".")
        wanted.extend(".".join(parts[:i]) for i in range(1, len(parts) + 1))
        wanted.extend(f"{module}.{item}" for item in imported if item != "*")
    return wanted


def _resolve(graph: ImportGraph, wanted: list[str], importer: str) -> set[str]:
    found: set[str] = set()
    folder = posixpath.dirname(importer)
    for name in wanted:
        paths = graph.names.get(name)
        if paths is None:
            continue
        if len(paths) > 1:
            near = [p for p in paths if posixpath.dirname(p) == folder]
            paths = near or paths
        found.update(paths)
    return found


def _parent_package(path: str, packages: set[str]) -> set[str]:
    """The ``__init__.py`` that importing ``path`` runs first, if it is in a package."""
    folder = posixpath.dirname(path)
    if path.endswith("/__init__.py"):
        folder = posixpath.dirname(folder)
    return {f"{folder}/__init__.py"} if folder in packages else set()
