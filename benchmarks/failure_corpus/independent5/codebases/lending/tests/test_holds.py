import psycopg
import pytest

from lending import store


def test_place_hold(db, reader, book):
    hold = store.place_hold(db, book["id"], reader["id"])
    assert hold["copy_id"] == book["id"]


def test_hold_twice_refused(db, reader, book):
    store.place_hold(db, book["id"], reader["id"])
    with pytest.raises(psycopg.errors.UniqueViolation):
        store.place_hold(db, book["id"], reader["id"])
