import threading


def test_enqueue_and_pending(outbox):
    outbox.enqueue("+4915112345678", "Reminder: Monday 09:00")
    outbox.enqueue("+4915187654321", "Reminder: Monday 09:15")
    assert [p[1] for p in outbox.pending()] == ["+4915112345678", "+4915187654321"]


def test_mark_sent(outbox):
    outbox.enqueue("+4915112345678", "Reminder")
    outbox.mark_sent(outbox.pending()[0][0])
    assert outbox.pending() == []


def test_dispatch_sends_everything(outbox):
    from clinic.outbox import dispatch

    for n in range(10):
        outbox.enqueue(f"+49151000000{n:02d}", f"Reminder {n}")
    delivered = []
    lock = threading.Lock()

    def send(phone, text):
        with lock:
            delivered.append(phone)

    assert dispatch(outbox, send) == 10
    assert len(delivered) == 10
    assert outbox.pending() == []
