"""From changed modules to the tests that import them, with the shortest chain as reason.

A seed is a file whose change (or whose broken import, or whose reference
to a changed data file) can affect everything that depends on it. The
reverse import graph, plus "every test under a conftest.py depends on it",
leads from each seed to the test files that reach it.
"""

from __future__ import annotations

import ast
import posixpath
from dataclasses import dataclass

from qatron.selection.context import Context
from qatron.selection.import_time import has_main_guard
from qatron.selection.imports import chain_of
from qatron.selection.lines import parse
from qatron.selection.model import DIRECT_IMPORT, IMPORT_GRAPH
from qatron.selection.references import referencing
from qatron.selection.rules import matches

_PER_SEED = 40  # more seeds than this: one search, each test names its nearest seed
_SHOWN = 3


@dataclass(frozen=True)
class Seed:
    """Where a search starts, and how to say why a test that reaches it is selected.

    ``reason`` is for tests reaching it through other files, ``own_reason``
    for the seed file's own tests; ``via_seed`` puts the seed itself in the
    "through …" chain (when ``reason`` names something else, e.g. a data file).
    """

    node: str
    reason: str
    own_reason: str | None = None
    via_seed: bool = False
    only_unknown: bool = False  # only tests the coverage map knows nothing about
    check_reached: bool = True  # no test reaching it means "run everything"


def spread(ctx: Context, seeds: list[Seed], known: set[str] | None = None) -> set[str]:
    """Select the tests reaching each seed; return the seeds some test reaches.

    A source file no test reaches makes selection run everything (see :func:`unreached`).
    """
    reached: set[str] = set()
    if len(seeds) <= _PER_SEED:
        groups = [{seed.node: seed} for seed in seeds]
    else:
        groups = [{s.node: s for s in seeds if s.only_unknown is flag} for flag in (False, True)]
    for group in groups:
        if group:
            reached |= _select(ctx, group, known)
    for seed in seeds:
        if seed.node not in reached:
            if len(seeds) > _PER_SEED and _select(ctx, {seed.node: seed}, known):
                reached.add(seed.node)
            else:
                unreached(ctx, seed)
    return reached


def _select(ctx: Context, seeds: dict[str, Seed], known: set[str] | None) -> set[str]:
    """Add the tests reaching ``seeds``; return the seeds some test file reached."""
    parent = ctx.graph.reach(seeds, ctx.conftest_dependents)
    reached: set[str] = set()
    for node in parent:
        if node in ctx.entries:
            _entry(ctx, node, seeds[chain_of(parent, node)[-1]])
        nodeids = ctx.tests_in([node])
        if node not in ctx.test_files and not nodeids:
            continue
        chain = chain_of(parent, node)
        seed = seeds[chain[-1]]
        reached.add(seed.node)
        if seed.only_unknown and known is not None:
            nodeids = [n for n in nodeids if n not in known]
        if nodeids and (node != seed.node or seed.own_reason is not None):
            reason, weight = _reason(seed, chain)
            ctx.ballot.add(nodeids, reason, weight)
    return reached


def _reason(seed: Seed, chain: list[str]) -> tuple[str, float]:
    if len(chain) == 1:
        return seed.own_reason or seed.reason, DIRECT_IMPORT
    between = chain[1:] if seed.via_seed else chain[1:-1]
    if not between:
        return seed.reason, DIRECT_IMPORT
    if len(between) > _SHOWN:
        shown = f"{between[0]} → … → {between[-1]} ({len(between)} files)"
    else:
        shown = " → ".join(between)
    return f"{seed.reason} through {shown}", IMPORT_GRAPH - min(len(between), 5)


def _entry(ctx: Context, entry: str, seed: Seed) -> None:
    """A file a configuration file runs (service, plugin, entry point) depends on the seed.

    Services that qatron.yml starts run outside the tests' processes, where no
    coverage map sees them: that always selects everything. Other entry
    points run in the test process, so only import-level changes count.
    """
    config = ctx.entries[entry]
    if seed.only_unknown and not config.endswith("qatron.yml"):
        return
    uses = "" if entry == seed.node else f" and it imports {seed.node}"
    ctx.run_everything(
        f"{seed.node} is used by {entry}, which {config} runs",
        f"{entry}: run by {config} (a service, script or plugin){uses}; ran everything")


def unreached(ctx: Context, seed: Seed, text: bytes | None = None) -> None:
    """A changed source file no test imports: the tests of files naming it, else everything.

    A module that is not a script (see :func:`_script`) runs only when
    imported, so nothing importing or naming it means nothing to select.
    Ignored files select nothing.
    """
    if not seed.check_reached or seed.only_unknown:
        return
    if matches(ctx.rules.ignore, seed.node, ctx.relative(seed.node)):
        return
    names = {seed.node: ctx.graph.names_of(seed.node)}
    naming = referencing(ctx.heads(sorted(ctx.graph.deps)), [seed.node], names)[seed.node]
    reason = f"names {seed.node}, which no test imports"
    seeds = [Seed(m, reason, own_reason=reason, via_seed=True, check_reached=False)
             for m in naming if m != seed.node]
    if seeds and spread(ctx, seeds):
        return
    if not _script(ctx, seed.node, text or ctx.heads([seed.node])[seed.node]):
        ctx.note(f"{seed.node}: no test imports or names it, and it is not a script; "
                 f"nothing selected for it")
        return
    ctx.run_everything(
        f"{seed.node} changed and no test imports it",
        f"{seed.node}: no test imports it (it may run as a script, a service or a plugin); "
        f"ran everything")


def _script(ctx: Context, path: str, text: bytes | None) -> bool:
    """Whether a module may run as a script found by its path.

    ``__main__.py`` does, and so does a module with a main guard outside a
    package (a package's modules run as ``-m pkg.mod``: a name we look for).
    """
    if posixpath.basename(path) == "__main__.py":
        return True
    tree = parse(text or b"", path)
    if not isinstance(tree, ast.Module):
        return True
    return has_main_guard(tree) and posixpath.dirname(path) not in ctx.graph.packages
