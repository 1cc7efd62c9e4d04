import pytest

from ledger import store
from ledger.errors import OutOfStock


def test_add_item_assigns_sku(db):
    sku = store.add_item(db, "hex nut M8", 12)
    assert sku.startswith("SKU-") and len(sku) == 12
    assert store.on_hand(db, sku) == 0


def test_two_items_same_name(db):
    first = store.add_item(db, "washer 8mm", 2)
    second = store.add_item(db, "washer 8mm", 3)
    assert first != second


def test_receive_then_on_hand(db):
    sku = store.add_item(db, "hinge", 180)
    store.receive(db, sku, 40)
    store.receive(db, sku, 2)
    assert store.on_hand(db, sku) == 42


def test_ship_reduces_stock(stocked, db):
    sku = stocked["hex bolt M8"]
    store.ship(db, sku, 20)
    assert store.on_hand(db, sku) == 30


def test_ship_more_than_on_hand_refused(stocked, db):
    with pytest.raises(OutOfStock):
        store.ship(db, stocked["cordless drill"], 51)


def test_adjust_down_recorded_with_reason(stocked, db):
    sku = stocked["wood screw 4x40"]
    store.adjust(db, sku, -3, "damaged in storage")
    assert store.on_hand(db, sku) == 47
    assert store.history(db, sku)[-1].reason == "damaged in storage"


def test_adjust_up(stocked, db):
    sku = stocked["spirit level 60cm"]
    store.adjust(db, sku, 4, "found at stock-take")
    assert store.on_hand(db, sku) == 54


def test_history_in_order(db):
    sku = store.add_item(db, "chisel", 900)
    store.receive(db, sku, 10)
    store.ship(db, sku, 4)
    store.receive(db, sku, 1)
    assert [(m.kind, m.qty) for m in store.history(db, sku)] == [
        ("receipt", 10), ("shipment", 4), ("receipt", 1)]


def test_valuation(stocked, db):
    assert store.valuation(db) == 50 * (35 + 4 + 8990 + 1450)


def test_below_reorder_point(stocked, db):
    store.ship(db, stocked["cordless drill"], 46)
    assert store.below_reorder_point(db) == sorted(
        [stocked["hex bolt M8"], stocked["wood screw 4x40"], stocked["cordless drill"]])


def test_reorder_point_boundary(db):
    sku = store.add_item(db, "tape measure", 700, reorder_point=5)
    store.receive(db, sku, 5)
    assert store.below_reorder_point(db) == []
