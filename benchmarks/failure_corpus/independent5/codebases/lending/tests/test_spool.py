from lending.spool import Consumer, Spool


def test_publish_and_consume(spool):
    seen = []
    consumer = Consumer(spool, seen.append).start()
    spool.publish({"event": "returned", "loan": 7})
    consumer.wait_for(1)
    consumer.stop()
    assert seen == [{"event": "returned", "loan": 7}]
    assert len(spool.handled()) == 1


def test_consumer_handles_backlog(spool):
    for n in range(20):
        spool.publish({"event": "returned", "loan": n})
    seen = []
    consumer = Consumer(spool, seen.append).start()
    consumer.wait_for(20)
    consumer.stop()
    assert sorted(e["loan"] for e in seen) == list(range(20))
    assert spool.pending() == []


def test_stop_consumer(spool):
    consumer = Consumer(spool, lambda event: None).start()
    consumer.stop()
    spool.publish({"event": "late"})
    assert len(spool.pending()) == 1


def test_events_survive_restart(spool):
    spool.publish({"event": "returned", "loan": 1})
    again = Spool(spool.root)
    assert len(again.pending()) == 1


def test_hold_ready_events_in_order(spool):
    for hold in (31, 32, 33):
        spool.publish({"event": "hold-ready", "hold": hold})
    seen = []
    consumer = Consumer(spool, seen.append).start()
    consumer.wait_for(3)
    consumer.stop()
    assert [e["hold"] for e in seen] == [31, 32, 33]
