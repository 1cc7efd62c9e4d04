"""The API behind a real HTTP server, as the mobile app talks to it."""

import threading

import pytest
import requests
from werkzeug.serving import make_server

LIVE_PORT = 18765


@pytest.fixture
def live_url(service):
    from shop.api import create_app

    server = make_server("127.0.0.1", LIVE_PORT, create_app(service), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{LIVE_PORT}"
    server.shutdown()
    server.server_close()


def test_live_health(live_url):
    assert requests.get(f"{live_url}/health", timeout=5).json()["status"] == "ok"


def test_live_quote(live_url, customer):
    response = requests.get(f"{live_url}/quote", params={"customer_id": customer, "sku": "SKU-2"},
                            timeout=5)
    assert response.json()["total_cents"] == 545
