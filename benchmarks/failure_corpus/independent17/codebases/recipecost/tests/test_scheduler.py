from __future__ import annotations

from recipecost.scheduler import order_batches


def test_components_come_first() -> None:
    needs = {"trifle": {"custard", "sponge"}, "sponge": {"jam"}}
    order = order_batches(["trifle", "sponge", "custard", "jam"], needs)
    assert order.index("jam") < order.index("sponge") < order.index("trifle")


def test_independent_batches_keep_their_order() -> None:
    assert order_batches(["scones", "bread", "tart"], {}) == ["scones", "bread", "tart"]
