from lending import notices
from lending.notices import Notice


def test_overdue_notices_skip_members_without_email():
    rows = [{"email": "a@example.org", "title": "Emma"}, {"email": None, "title": "Dune"}]
    expected = [Notice("a@example.org", "overdue", "Please return Emma")]
    assert notices.overdue_notices(rows) == expected


def test_send_overdue_notice(settings):
    ids = notices.send(
        settings.notices_url,
        settings.notices_key,
        [Notice("mira@example.org", "overdue", "Please return Emma")],
    )
    assert len(ids) == 1 and ids[0]


def test_send_batch_of_notices(settings):
    batch = [
        Notice(f"reader{n}@example.org", "overdue", f"Please return volume {n}") for n in range(8)
    ]
    ids = notices.send(settings.notices_url, settings.notices_key, batch)
    assert len(set(ids)) == 8


def test_hold_ready_notice(settings):
    ids = notices.send(
        settings.notices_url,
        settings.notices_key,
        [Notice("lea@example.org", "hold-ready", "Your hold is ready")],
    )
    assert ids[0]
