from ledger import replenish, store


def test_plan_and_place(rclient, stocked, db, supplier):
    store.ship(db, stocked["spirit level 60cm"], 45)
    replenish.plan(db, rclient)
    acks = replenish.place(rclient, supplier)
    assert {a.sku for a in acks} == {stocked["spirit level 60cm"], stocked["hex bolt M8"],
                                     stocked["wood screw 4x40"]}


def test_nothing_to_place(rclient, supplier):
    assert replenish.place(rclient, supplier) == []
