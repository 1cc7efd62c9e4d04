import pytest
from shop.errors import ConstraintViolated, DuplicateOrder


def test_add_and_get_order(repo, customer):
    order_id = repo.add_order("REF-1", customer, 2598, [("SKU-1", 2, 1299)])
    order = repo.get_order(order_id)
    assert (order.external_ref, order.total_cents, order.status) == ("REF-1", 2598, "new")


def test_orders_of_customer_sorted(repo, customer):
    for ref in ("A-1", "A-2", "A-3"):
        repo.add_order(ref, customer, 100, [("SKU-4", 1, 75)])
    assert [o.external_ref for o in repo.orders_of(customer)] == ["A-1", "A-2", "A-3"]


def test_duplicate_reference_rejected(repo, customer):
    repo.add_order("DUP-1", customer, 100, [("SKU-4", 1, 75)])
    with pytest.raises(DuplicateOrder):
        repo.add_order("DUP-1", customer, 100, [("SKU-4", 1, 75)])


def test_discount_code_stored(repo, customer):
    order_id = repo.add_order("D-1", customer, 900, [("SKU-1", 1, 1299)], "WELCOME10")
    assert repo.get_order(order_id).discount_code == "WELCOME10"


def test_quantity_must_be_positive(repo, customer):
    with pytest.raises(ConstraintViolated, match="quantity"):
        repo.add_order("Q-0", customer, 0, [("SKU-1", 0, 1299)])


def test_refund_recorded(repo, customer):
    order_id = repo.add_order("R-1", customer, 1000, [("SKU-2", 2, 450)], payment_id="ch_1")
    repo.add_refund(order_id, 300, "damaged")
    assert repo.refunded_cents(order_id) == 300


def test_set_status(repo, customer):
    order_id = repo.add_order("S-1", customer, 450, [("SKU-2", 1, 450)])
    repo.set_status(order_id, "shipped")
    assert repo.get_order(order_id).status == "shipped"
