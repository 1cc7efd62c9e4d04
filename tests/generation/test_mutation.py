"""Mutants applied to one parsed tree and undone give the modules parsing each one would."""

from __future__ import annotations

import ast
from pathlib import Path

from qatron.generation.loading import load_target
from qatron.generation.mutation import Mutator, mutants, mutated_source
from tests.generation.samples import PRICING, write_module


def test_each_mutant_applied_and_undone_on_one_tree_is_the_mutant_parsed_alone(
    tmp_path: Path,
) -> None:
    target = load_target(write_module(tmp_path, "pricing_mutated", PRICING))
    found = mutants(PRICING, [(1, len(PRICING.splitlines()))])
    mutator = Mutator(PRICING)
    original = ast.unparse(mutator.tree)
    kinds = {mutant.change.split(" ")[0] for mutant in found}
    assert {"<=", "not", "return", "or", "is", "in"} <= kinds

    for mutant in found:
        undo = mutator.apply(mutant)
        assert ast.unparse(mutator.tree) == ast.unparse(mutated_source(PRICING, mutant))
        undo()
        assert ast.unparse(mutator.tree) == original

    line = next(n for n, text in enumerate(PRICING.splitlines(), 1) if "quantity >= 50" in text)
    at_fifty = next(m for m in found if m.change == ">= → >" and m.line == line)
    module = mutator.load(at_fifty, target.module)
    assert (module.discount(50), target.module.discount(50)) == (0, 10)
    assert module.shipping("DE") == "eu" and module.__name__ == "pricing_mutated"
    assert mutator.load(found[0], target.module).discount(50) == 10  # the tree was restored
