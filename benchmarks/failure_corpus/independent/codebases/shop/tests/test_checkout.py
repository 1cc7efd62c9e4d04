import pytest
from shop.errors import ShopError
from shop.service import StockCache


def test_place_order_charges_total(service, customer):
    receipt = service.place_order(customer, [("SKU-1", 1)])
    assert receipt.total_cents == 1572
    assert receipt.payment_id.startswith("ch_")


def test_place_order_with_discount(service, customer):
    receipt = service.place_order(customer, [("SKU-1", 1)], "WELCOME10")
    assert receipt.total_cents == 1414
    assert service.repo.get_order(receipt.order_id).discount_code == "WELCOME10"


def test_place_order_german_vat(service, german_customer):
    assert service.place_order(german_customer, [("SKU-2", 2)]).total_cents == 1071


def test_two_orders_same_customer(service, customer):
    first = service.place_order(customer, [("SKU-4", 1)])
    second = service.place_order(customer, [("SKU-4", 2)])
    assert first.external_ref != second.external_ref
    assert len(service.repo.orders_of(customer)) == 2


def test_stock_cache_reuses_level(inventory):
    cache = StockCache(inventory)
    assert cache.get("SKU-1") == cache.get("SKU-1")


def test_stock_cache_invalidate(inventory):
    cache = StockCache(inventory)
    level = cache.get("SKU-5")
    cache.invalidate("SKU-5")
    assert cache.get("SKU-5") == level


@pytest.fixture
def paid_order(repo, customer):
    return repo.add_order("PAID-1", customer, 1000, [("SKU-2", 2, 450)], payment_id="ch_x")


def test_refund_partial(service, paid_order):
    service.refund(paid_order, 400, "late delivery")
    assert service.repo.get_order(paid_order).status == "paid"


def test_refund_full_marks_refunded(service, paid_order):
    service.refund(paid_order, 1000, "returned")
    assert service.repo.get_order(paid_order).status == "refunded"


def test_refund_exceeding_rejected(service, paid_order):
    with pytest.raises(ShopError, match="exceeds"):
        service.refund(paid_order, 1001, "too much")
