import time
from concurrent.futures import ThreadPoolExecutor

import pytest


@pytest.mark.parametrize("category", ["fasteners", "power-tools"])
def test_price_list_by_category(supplier, category):
    prices = supplier.price_list(category)
    assert prices.supplier == "Brandt Werkzeug GmbH"
    assert prices.prices and all(p.unit_cents > 0 for p in prices.prices)


def test_price_list_currency(supplier):
    assert {p.currency for p in supplier.price_list("fasteners").prices} == {"EUR"}


def test_reorder_ack(supplier):
    ack = supplier.reorder("SKU-0001", 12)
    assert ack.sku == "SKU-0001" and ack.qty == 12
    assert ack.order_id.startswith("PO-")


def test_reorders_concurrent_within_budget(supplier):
    started = time.monotonic()
    with ThreadPoolExecutor(4) as pool:
        acks = list(pool.map(lambda n: supplier.reorder(f"SKU-{n:04d}", n + 1), range(6)))
    assert [a.qty for a in acks] == [1, 2, 3, 4, 5, 6]
    assert time.monotonic() - started < 1.5
