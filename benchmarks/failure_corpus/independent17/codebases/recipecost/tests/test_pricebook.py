from __future__ import annotations

import threading
from decimal import Decimal

from recipecost.pricebook import PriceBook


def test_update_many_prices() -> None:
    book = PriceBook()
    book.update_many({"FLR-001": Decimal("1.15"), "SUG-001": Decimal("0.92")})
    assert book.price("SUG-001") == Decimal("0.92") and book.version == 2


def test_concurrent_price_updates() -> None:
    book = PriceBook()
    workers = [threading.Thread(target=book.update_many,
                                args=({f"SKU-{n}-{i}": Decimal(i) for i in range(50)},),
                                daemon=True)
               for n in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=30)
    assert book.version == 200
