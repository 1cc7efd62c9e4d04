"""``select_tests``: the tests a change can break, likeliest to fail first, and why.

Safe by default: whatever the analysis cannot rule out is selected, and
every such fallback is reported. Each changed file is first routed: mapping
rules and the file's own tests apply at once; ``run_all_on`` files select
everything; Python files go to the coverage map and import graph; other
files to the data-file references (or everything, if nothing names them).
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from pathlib import Path

from qatron.errors import ConfigError
from qatron.selection.candidates import TestIndex, discover, repo_path
from qatron.selection.context import Context
from qatron.selection.coverage_map import CoverageMap
from qatron.selection.direct import (
    always_run,
    apply_rule,
    changed_test_file,
    data_files,
    from_history,
)
from qatron.selection.git import ChangedFile, changed_files, resolve, toplevel
from qatron.selection.imports import import_graph
from qatron.selection.model import EVERYTHING, Selection, TestHistory
from qatron.selection.no_op import drop_no_ops
from qatron.selection.pytest_config import doctests_of
from qatron.selection.python import analyse_python
from qatron.selection.references import CONFIG_FILES, configured_modules, starts_processes
from qatron.selection.rules import RuleHit, matches, rule_hits
from qatron.selection.services import service_changes
from qatron.selection.settings import DEFAULT_SETTINGS, Settings
from qatron.selection.snapshot import Snapshot

_SHOWN_OUTSIDE = 3
_SOURCE_FOLDERS = ("src", "lib")  # also import roots when present (src layouts)


def select_tests(app_dir: Path, base: str, head: str | None = None, *,
                 tests: Sequence[str] | None = None, rules: Settings | None = None,
                 coverage: CoverageMap | None = None,
                 history: Mapping[str, TestHistory] | None = None,
                 repo: Path | None = None,
                 services: Mapping[str, str] | None = None) -> Selection:
    """Select the tests of the application at ``app_dir`` that ``base``→``head`` may break.

    ``head`` None compares with the working tree (untracked files included).
    ``tests`` are candidate node ids relative to ``app_dir``; None finds test
    files statically and selects whole files. Raises ConfigError for a folder
    outside git or an unknown revision. ``services``: repository folder → the
    environment's service whose code it holds (see ``services.service_code``);
    a change there selects everything.
    """
    ctx = _context(Path(app_dir), base, head, tests, rules or DEFAULT_SETTINGS, coverage,
                   history or {}, repo)
    changes = changed_files(ctx.root, base, head)
    ctx.changed = {path for c in changes for path in (c.path, c.old_path) if path}
    effective = drop_no_ops(ctx, changes)
    ctx.heads([c.path for c in effective if c.path.endswith(".py") and c.status != "deleted"])
    service_changes(ctx, effective, services or {})
    routed: dict[str, list[ChangedFile]] = {}
    for change in effective:
        routed.setdefault(_route(ctx, change), []).append(change)
    if routed.get("python"):
        analyse_python(ctx, routed["python"])
    data_files(ctx, [c.path for c in routed.get("data", [])],
               [c.path for c in routed.get("ignored", [])])
    _note_outside(ctx, routed.get("outside", []))
    from_history(ctx)
    always_run(ctx)
    return _finish(ctx, changes, base, head)


def _context(app_dir: Path, base: str, head: str | None, tests: Sequence[str] | None,
             rules: Settings, coverage: CoverageMap | None,
             history: Mapping[str, TestHistory], repo: Path | None) -> Context:
    app_dir = app_dir.expanduser().resolve()
    root = Path(repo).expanduser().resolve() if repo is not None else toplevel(app_dir)
    if not app_dir.is_dir():
        raise ConfigError(f"{app_dir}: no such folder")
    try:
        prefix = app_dir.relative_to(root).as_posix().removeprefix(".")
    except ValueError:
        raise ConfigError(f"{app_dir} is not inside the repository {root}; give the "
                          f"application's own repository") from None
    snapshot = Snapshot(root, head)
    roots = _folders(prefix, [*rules.source_roots, *rules.test_roots, *_SOURCE_FOLDERS])
    scope = _scope(roots)
    files = snapshot.files(scope)
    graph = import_graph(snapshot, scope, roots)
    found = discover(files, prefix, ["."])
    index = TestIndex.of(tests if tests is not None else discover(files, prefix,
                                                                  rules.test_roots or ["."]))
    test_files = {repo_path(f, prefix) for f in [*found, *index.by_file]}
    configs = _configs(root, prefix)
    entries = configured_modules(snapshot, configs, graph.names, lambda: starts_processes(
        snapshot, [f for f in files if f.endswith(".py") and _test_side(f, test_files)]))
    return Context(root=root, prefix=prefix, base=resolve(root, base), snapshot=snapshot,
                   rules=rules, index=index, graph=graph, scope=scope, test_files=test_files,
                   entries={p: c for p, c in entries.items() if p in graph and
                            p not in test_files}, coverage=coverage, history=history,
                   doctests=doctests_of(snapshot.read(configs)))


_TEST_FOLDERS = frozenset({"tests", "test", "testing"})


def _test_side(path: str, test_files: set[str]) -> bool:
    """A test file, a conftest, or a helper in a tests folder."""
    return path in test_files or posixpath.basename(path) == "conftest.py" \
        or not _TEST_FOLDERS.isdisjoint(path.split("/")[:-1])


def _configs(root: Path, prefix: str) -> list[str]:
    """Configuration files in the application folder and the folders above it."""
    folders, folder = [prefix], prefix
    while folder:
        folder = posixpath.dirname(folder)
        folders.append(folder)
    return [posixpath.join(f, name) for f in folders for name in CONFIG_FILES
            if (root / f / name).exists()]


def _folders(prefix: str, roots: list[str]) -> list[str]:
    """The application folder and its source/test roots, repository-relative."""
    folders = [prefix]
    for root in roots:
        folder = posixpath.normpath(posixpath.join(prefix, root))
        folder = "" if folder == "." else folder
        if not folder.startswith("../") and folder != ".." and folder not in folders:
            folders.append(folder)
    return folders


def _scope(folders: list[str]) -> list[str]:
    """The folders, without those inside another."""
    if "" in folders:
        return [""]
    return [f for f in folders if not any(f.startswith(o + "/") for o in folders if o != f)]


def _route(ctx: Context, change: ChangedFile) -> str:
    """Select what the change's file itself decides; say which analysis it still needs."""
    relative, old = ctx.relative(change.path), change.old_path
    hits = rule_hits(ctx.rules.rules, change.path, relative)
    for hit in hits:
        apply_rule(ctx, change, hit)
    own = changed_test_file(ctx, change)
    python = change.path.endswith(".py") or (old or "").endswith(".py")
    if python and (ctx.in_scope(change.path) or (old is not None and ctx.in_scope(old))):
        if _run_all_on(ctx, change, hits):
            return "done"
        return "python"
    if hits or own:
        return "done"
    if not ctx.beside_app(change.path) and not ctx.in_scope(change.path):
        return "outside"
    if _run_all_on(ctx, change, hits):
        return "done"
    return "ignored" if matches(ctx.rules.ignore, change.path, relative) else "data"


def _run_all_on(ctx: Context, change: ChangedFile, hits: list[RuleHit]) -> bool:
    if hits or not ctx.beside_app(change.path):
        return False
    glob = matches(ctx.rules.run_all_on, change.path, ctx.relative(change.path))
    if glob is None:
        return False
    ctx.run_everything(f"{change.path} changed (run_all_on {glob!r})")
    return True


def _note_outside(ctx: Context, outside: list[ChangedFile]) -> None:
    relevant = [c.path for c in outside if not matches(ctx.rules.ignore, c.path)]
    if relevant:
        shown = ", ".join(relevant[:_SHOWN_OUTSIDE]) + (", …" if len(relevant) > 3 else "")
        ctx.note(f"{len(relevant)} changed file(s) outside {ctx.prefix}/ not considered "
                 f"({shown}); add a source root or a mapping rule if the application "
                 f"depends on them")


def _finish(ctx: Context, changes: list[ChangedFile], base: str, head: str | None) -> Selection:
    for reason in ctx.everything:
        ctx.ballot.add(ctx.index.nodeids, reason, EVERYTHING)
    if not ctx.history and len(ctx.ballot):
        ctx.note("no run history yet: tests are ordered by the change alone")
    selected = ctx.ballot.ranked(_file_history(ctx))
    total = len(ctx.index.nodeids)
    return Selection(selected=selected, skipped=total - len(selected), total=total,
                     fallbacks=ctx.fallbacks, changed=changes, base=base, head=head)


def _file_history(ctx: Context) -> dict[str, TestHistory]:
    """History per candidate (files gather the history of their tests)."""
    by_candidate: dict[str, TestHistory] = {}
    for nodeid, record in ctx.history.items():
        candidate = ctx.index.as_candidate(nodeid)
        if candidate is None:
            continue
        seen = by_candidate.get(candidate)
        by_candidate[candidate] = record if seen is None else TestHistory(
            last_outcome=seen.last_outcome if seen.failed_recently else record.last_outcome,
            failed_recently=seen.failed_recently or record.failed_recently,
            flaky_score=max(seen.flaky_score, record.flaky_score),
            mean_duration=(seen.mean_duration or 0) + (record.mean_duration or 0) or None)
    return by_candidate

