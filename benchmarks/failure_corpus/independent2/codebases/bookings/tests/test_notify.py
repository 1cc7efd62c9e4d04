import pytest

from bookings.errors import NotificationFailed
from bookings.models import Booking
from bookings.notify import Notifier


def notifier(settings, token=None):
    return Notifier(settings.notify_url, token or settings.notify_token, settings.timeout)


def test_confirmation_returns_message_id(settings):
    booking = Booking(reference="BK-TEST000001", guest="lu@example.org", total_cents=5000)
    assert notifier(settings).confirmation(booking).startswith("msg-")


def test_reminder_returns_message_id(settings):
    assert notifier(settings).reminder("mo@example.org", "BK-TEST000002").startswith("msg-")


def test_wrong_token_refused(settings):
    with pytest.raises(NotificationFailed):
        notifier(settings, token="not-the-token").reminder("ned@example.org", "BK-X")
