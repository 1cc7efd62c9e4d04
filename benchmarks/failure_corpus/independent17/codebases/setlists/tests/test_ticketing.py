from __future__ import annotations

import urllib.request

from setlists import config
from setlists.ticketing import CallbackReceiver, ticketing_status


def test_ticketing_health(settings: config.Settings) -> None:
    assert ticketing_status(settings.ticketing_host, settings.ticketing_port,
                            settings.timeout) == 200


def test_sales_callback_received(settings: config.Settings) -> None:
    with CallbackReceiver(settings.callback_port) as receiver:
        request = urllib.request.Request(f"http://127.0.0.1:{settings.callback_port}/sales",
                                         data=b'{"sold": 12}', method="POST")
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.status == 204
    assert receiver.received == [b'{"sold": 12}']
