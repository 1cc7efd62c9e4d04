import psycopg
import pytest

from lending import store
from lending.spool import Consumer


def test_place_hold(db, reader, book):
    hold = store.place_hold(db, book["id"], reader["id"])
    assert hold["copy_id"] == book["id"]


def test_hold_twice_refused(db, reader, book):
    store.place_hold(db, book["id"], reader["id"])
    with pytest.raises(psycopg.errors.UniqueViolation):
        store.place_hold(db, book["id"], reader["id"])


def test_hold_ready_event_spooled(db, reader, book, spool):
    hold = store.place_hold(db, book["id"], reader["id"])
    seen = []
    consumer = Consumer(spool, seen.append).start()
    spool.publish({"event": "hold-ready", "hold": hold["id"], "member": reader["id"]})
    consumer.wait_for(1)
    consumer.stop()
    assert seen == [{"event": "hold-ready", "hold": hold["id"], "member": reader["id"]}]
