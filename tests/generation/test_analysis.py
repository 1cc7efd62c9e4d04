"""The ast analysis finds the boundaries, partitions, raises and paths of sample functions."""

from __future__ import annotations

from qatron.generation.analysis import analyse_source
from tests.generation.samples import PRICING


def test_comparisons_with_constants_are_boundaries_of_the_parameter_they_test() -> None:
    discount = analyse_source(PRICING).function("discount")

    found = {(b.subject, b.op, b.constant) for b in discount.boundaries}

    assert {("quantity", "<=", 0), ("quantity", ">", "MAX_QUANTITY"),
            ("quantity", ">=", 50)} <= found
    assert [b.named for b in discount.boundaries if b.op == ">"] == ["MAX_QUANTITY"]


def test_isinstance_in_and_equality_checks_are_partitions() -> None:
    info = analyse_source(PRICING)

    discount, shipping = info.function("discount"), info.function("shipping")

    assert [(p.kind, p.values) for p in discount.partitions if p.kind == "type"] == \
        [("type", ("int",))]
    assert ("member", ("DE", "FR")) in [(p.kind, p.values) for p in shipping.partitions]
    assert ("equals", ("US",)) in [(p.kind, p.values) for p in shipping.partitions]


def test_raises_paths_methods_and_enums_are_listed() -> None:
    info = analyse_source(PRICING)

    discount, add = info.function("discount"), info.function("Cart.add")

    assert discount.raises == ["PricingError"]
    assert (discount.branches, discount.early_returns) == (4, 1)
    assert info.function("shipping").early_returns == 3
    assert add.class_name == "Cart" and [p.name for p in add.params] == ["price"]
    assert [p.default for p in info.function("Cart.__init__").params] == ["'anna'"]
    assert info.enums == ["Tier"] and "PricingError" in info.classes
