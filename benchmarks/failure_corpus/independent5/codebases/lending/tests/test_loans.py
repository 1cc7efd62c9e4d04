from datetime import timedelta

import pytest

from lending import store
from lending.errors import LoanRefused

from .conftest import TODAY


def test_register_member_gets_card(db, branches):
    member = store.add_member(db, "Jonas Wend", "adult", branches[1]["code"])
    assert member["card_number"].startswith("HAR-")
    assert member["kind"] == "adult"


def test_register_family_members(db, branches):
    parent = store.add_member(db, "Ines Okafor", "adult", branches[0]["code"], "ines@example.org")
    child = store.add_member(db, "Tobi Okafor", "child", branches[0]["code"])
    assert parent["card_number"] != child["card_number"]


def test_lend_sets_due_date(db, reader, book):
    loan = store.lend(db, book["id"], reader["id"], TODAY)
    assert loan["due_on"] == TODAY + timedelta(days=21)
    assert loan["renewals"] == 0


def test_copy_cannot_be_lent_twice(db, reader, book, branches):
    other = store.add_member(db, "Pavel Ruzek", "adult", branches[2]["code"])
    store.lend(db, book["id"], reader["id"], TODAY)
    with pytest.raises(LoanRefused, match="already lent"):
        store.lend(db, book["id"], other["id"], TODAY)


def test_second_copy_can_be_lent(db, reader, branches):
    first = store.add_copy(db, "9780553283686", "Hyperion", branches[1]["code"])
    second = store.add_copy(db, "9780553283686", "Hyperion", branches[1]["code"])
    other = store.add_member(db, "Aziz Haddad", "adult", branches[1]["code"])
    store.lend(db, first["id"], reader["id"], TODAY)
    loan = store.lend(db, second["id"], other["id"], TODAY)
    assert loan["copy_id"] == second["id"]


def test_return_on_time_has_no_fine(db, reader, book):
    loan = store.lend(db, book["id"], reader["id"], TODAY)
    assert store.return_copy(db, loan["id"], loan["due_on"]) == 0
    assert store.open_loans(db, reader["id"]) == []


def test_late_return_records_fine(db, reader, book):
    loan = store.lend(db, book["id"], reader["id"], TODAY)
    cents = store.return_copy(db, loan["id"], loan["due_on"] + timedelta(days=4))
    assert cents == 100
    assert store.unpaid_fines(db) == [(book["branch"], 100)]


def test_renew_extends_due_date(db, reader, book):
    loan = store.lend(db, book["id"], reader["id"], TODAY)
    renewed = store.renew(db, loan["id"])
    assert renewed["due_on"] == loan["due_on"] + timedelta(days=21)
    assert renewed["renewals"] == 1


def test_renew_refused_with_hold(db, reader, book, branches):
    waiting = store.add_member(db, "Lea Maris", "adult", branches[1]["code"])
    loan = store.lend(db, book["id"], reader["id"], TODAY)
    store.place_hold(db, book["id"], waiting["id"])
    with pytest.raises(LoanRefused, match="wait for this copy"):
        store.renew(db, loan["id"])


def test_open_loans_sorted_by_due_date(db, reader, branches):
    titles = ["Middlemarch", "Emma", "Persuasion"]
    copies = [
        store.add_copy(db, f"97800000000{n}2", t, branches[0]["code"]) for n, t in enumerate(titles)
    ]
    for offset, copy in zip((5, 0, 9), copies, strict=True):
        store.lend(db, copy["id"], reader["id"], TODAY - timedelta(days=offset))
    assert [r["title"] for r in store.open_loans(db, reader["id"])] == [
        "Persuasion",
        "Middlemarch",
        "Emma",
    ]


def test_child_loan_limit(db, branches):
    child = store.add_member(db, "Nia Brandt", "child", branches[2]["code"])
    copies = [
        store.add_copy(db, f"978000000{n:03d}9", f"Picture book {n}", branches[2]["code"])
        for n in range(7)
    ]
    for copy in copies[:6]:
        store.lend(db, copy["id"], child["id"], TODAY)
    with pytest.raises(LoanRefused, match="6 copies"):
        store.lend(db, copies[6]["id"], child["id"], TODAY)
