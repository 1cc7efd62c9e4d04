"""Selections that need no import graph walk of a changed module.

Mapping rules, changed test files, data files (through the modules that
name them), the tests that failed lately or are flaky, and ``always_run``.
"""

from __future__ import annotations

from qatron.selection.candidates import file_of, is_other_test, is_python_test, repo_path
from qatron.selection.context import Context
from qatron.selection.git import ChangedFile
from qatron.selection.impact import Seed, spread
from qatron.selection.lines import function_spans, parse
from qatron.selection.model import (
    ALWAYS_RUN,
    FAILED_LAST_RUN,
    FLAKY,
    MAPPING_RULE,
    NEW_TEST_FILE,
    TEST_CHANGED,
    TEST_FILE_CHANGED,
    TestHistory,
)
from qatron.selection.references import referencing
from qatron.selection.rules import RuleHit, glob_regex, has_glob

_FAILED = ("failed", "error")


def apply_rule(ctx: Context, change: ChangedFile, hit: RuleHit) -> None:
    """Select what a mapping rule names for this changed file (existing files only)."""
    target = hit.target
    if ctx.prefix and target.startswith(ctx.prefix + "/"):
        target = target[len(ctx.prefix) + 1:]
    nodeids = _matching(ctx, target)
    if not nodeids:
        nodeids = _existing(ctx, target)
        for path in nodeids:
            ctx.index.add(path)
    if nodeids:
        ctx.ballot.add(nodeids, f"mapping rule {hit.number} ({change.path})", MAPPING_RULE)
    else:
        ctx.note(f"{change.path}: mapping rule {hit.number} names {hit.target}, which "
                 f"matches no test")


def _matching(ctx: Context, target: str) -> list[str]:
    if not has_glob(target):
        return ctx.index.by_file.get(target) or ([target] if target in ctx.index else [])
    regex = glob_regex(target)
    return [n for n in ctx.index.nodeids if regex.fullmatch(n) or regex.fullmatch(file_of(n))]


def _existing(ctx: Context, target: str) -> list[str]:
    """App-relative files in the head snapshot that ``target`` names."""
    files = ctx.snapshot.files(ctx.scope)
    if not has_glob(target):
        return [target] if repo_path(target, ctx.prefix) in files else []
    regex = glob_regex(target)
    found = (ctx.relative(path) for path in files)
    return sorted(path for path in found if path is not None and regex.fullmatch(path))


def changed_test_file(ctx: Context, change: ChangedFile) -> bool:
    """Select the tests of a changed test file; False if it holds no test."""
    relative = ctx.relative(change.path)
    if relative is None or change.status == "deleted":
        return False
    if change.status in ("modified", "type_changed") and change.path in ctx.graph \
            and not is_python_test(relative):
        return False  # a source module's doctests: by the function changed (python.py)
    nodeids = ctx.index.by_file.get(relative)
    if not nodeids:
        if not is_other_test(relative):
            return False
        ctx.index.add(relative)
        nodeids = [relative]
    if change.status in ("added", "copied"):
        ctx.ballot.add(nodeids, "new test file", NEW_TEST_FILE)
    elif change.status == "renamed":
        ctx.ballot.add(nodeids, f"test file renamed from {change.old_path}", TEST_FILE_CHANGED)
    else:
        _modified_tests(ctx, change, nodeids)
    return True


def _modified_tests(ctx: Context, change: ChangedFile, nodeids: list[str]) -> None:
    """Tests whose own lines changed rank above the rest of their file."""
    spans = {}
    if change.path.endswith(".py") and change.new_lines and any("::" in n for n in nodeids):
        tree = parse(ctx.heads([change.path])[change.path] or b"")
        if not isinstance(tree, SyntaxError):
            spans = {span.name: span for span in function_spans(tree)}
    rest = []
    for nodeid in nodeids:
        name = nodeid.split("::", 1)[-1].split("[", 1)[0].replace("::", ".")
        span = spans.get(name)
        lines = sorted(change.new_lines & set(range(span.start, span.end + 1))) if span else []
        if lines:
            ctx.ballot.add([nodeid], f"test changed (lines {lines[0]}–{lines[-1]})",
                           TEST_CHANGED)
        else:
            rest.append(nodeid)
    ctx.ballot.add(rest, "test file changed", TEST_FILE_CHANGED)


def data_files(ctx: Context, unknown: list[str], ignored: list[str]) -> None:
    """Select the dependents of the modules that name each changed non-Python file.

    A file no module names selects nothing if ``ignore`` matches it, else everything.
    """
    if not unknown and not ignored:
        return
    found = referencing(ctx.heads(sorted(ctx.graph.deps)), [*unknown, *ignored])
    for path in [*unknown, *ignored]:
        named = found[path]
        seeds = [Seed(m, f"reads {path}", own_reason=f"reads {path}", via_seed=True,
                      check_reached=False) for m in named]
        reached = spread(ctx, seeds)
        if path in unknown and not reached:
            where = f"named only in {', '.join(named)}, which no test imports" if named else \
                "a file no mapping rule covers and no Python file names"
            ctx.run_everything(f"{path} changed: {where}", f"{path}: {where}; ran everything")


def from_history(ctx: Context) -> None:
    """Tests that really failed lately or are flaky run, if the change may affect any test.

    A change that selects nothing by itself (comments, documentation…) runs none
    of them; nor does a failure that was not the test's own (``spurious``).
    """
    if not len(ctx.ballot) and not ctx.everything:
        return
    for nodeid, record in ctx.history.items():
        candidate = ctx.index.as_candidate(nodeid)
        if candidate is None:
            continue
        failed = _failed(record)
        if failed is not None:
            ctx.ballot.add([candidate], *failed)
        if record.flaky_score > 0:
            ctx.ballot.add([candidate], f"flaky (score {record.flaky_score:.2f})", FLAKY)


def _failed(record: TestHistory) -> tuple[str, float] | None:
    """The reason and weight a real recent failure gives its test (None: none)."""
    if record.spurious:
        return None
    if record.last_outcome in _FAILED:
        return "failed in the last run", FAILED_LAST_RUN
    if record.failed_recently:
        return "failed recently", FAILED_LAST_RUN - 5
    return None


def always_run(ctx: Context) -> None:
    """The tests ``always_run`` names (node ids, files or globs), whatever changed."""
    for glob in ctx.rules.always_run:
        regex = glob_regex(glob)
        found = [n for n in ctx.index.nodeids
                 if n == glob or regex.fullmatch(n) or regex.fullmatch(file_of(n))]
        if found:
            ctx.ballot.add(found, f"always run ({glob})", ALWAYS_RUN)
        else:
            ctx.note(f"always_run {glob!r} matches no test")
