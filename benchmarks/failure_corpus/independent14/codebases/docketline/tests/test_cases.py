import datetime as dt

import psycopg2
import pytest

from docketline import store

FILED = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def test_open_case(db: store.Connection, uid: str) -> None:
    case_id = store.open_case(db, f"CR-{uid}", "People v. Smith", "criminal")
    assert case_id > 0


def test_case_type_is_checked(db: store.Connection, uid: str) -> None:
    with pytest.raises(psycopg2.errors.CheckViolation):
        store.open_case(db, f"XX-{uid}", "Odd case", "admiralty")


def test_parties(db: store.Connection, case: tuple[int, str]) -> None:
    store.add_party(db, case[0], "Jane Doe", "plaintiff", "CA-100200")
    store.add_party(db, case[0], "Richard Roe", "defendant")
    assert store.parties_of(db, case[0]) == [
        {"name": "Jane Doe", "role": "plaintiff", "bar_number": "CA-100200"},
        {"name": "Richard Roe", "role": "defendant", "bar_number": None},
    ]


def test_party_role_is_checked(db: store.Connection, case: tuple[int, str]) -> None:
    with pytest.raises(psycopg2.errors.CheckViolation):
        store.add_party(db, case[0], "Someone", "witness")


def test_docket_numbers_entries_in_order(docket_clerk) -> None:  # type: ignore[no-untyped-def]
    assert docket_clerk.file("MOTION")[1] == 1
    assert docket_clerk.file("BRIEF")[1] == 2
    assert docket_clerk.file("EXHIBIT")[1] == 3


def test_docket_lists_oldest_first(docket_clerk) -> None:  # type: ignore[no-untyped-def]
    for kind in ("MOTION", "BRIEF", "ORDER"):
        docket_clerk.file(kind)
    entries = store.docket(docket_clerk.conn, docket_clerk.case_id)
    assert [e["document_type"] for e in entries] == ["MOTION", "BRIEF", "ORDER"]


def test_pages_must_be_positive(docket_clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(psycopg2.errors.CheckViolation):
        docket_clerk.file("MOTION", pages=0)


def test_filing_visible_to_another_session(
    db: store.Connection, second_db: store.Connection, case: tuple[int, str]
) -> None:
    store.file_document(db, case[0], "NOTICE", "Notice", "CA-100201", FILED, 1)
    assert [e["seq"] for e in store.docket(second_db, case[0])] == [1]


def test_two_sessions_number_entries_apart(
    db: store.Connection, second_db: store.Connection, case: tuple[int, str]
) -> None:
    store.file_document(db, case[0], "MOTION", "First", "CA-100201", FILED, 2)
    store.file_document(second_db, case[0], "BRIEF", "Second", "CA-100201", FILED, 2)
    assert [e["seq"] for e in store.docket(db, case[0])] == [1, 2]


def test_fee_payment_is_recorded(db: store.Connection, case: tuple[int, str], uid: str) -> None:
    filing_id, _ = store.file_document(db, case[0], "MOTION", "Motion", "CA-100200", FILED, 5)
    store.record_payment(db, case[0], filing_id, 4500, f"rcpt-{uid}")
    assert store.paid_total(db, case[0]) == 4500


def test_receipt_is_recorded_once(db: store.Connection, case: tuple[int, str], uid: str) -> None:
    store.record_payment(db, case[0], None, 1000, f"dup-{uid}")
    with pytest.raises(psycopg2.errors.UniqueViolation):
        store.record_payment(db, case[0], None, 1000, f"dup-{uid}")
