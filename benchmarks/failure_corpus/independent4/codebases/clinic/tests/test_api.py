import pytest
import requests

from clinic import api, appointments
from tests.conftest import DAY, at


@pytest.fixture
def live(settings, staffed):
    server, thread = api.serve(staffed, settings.api_port)
    yield f"http://127.0.0.1:{settings.api_port}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_health(live):
    assert requests.get(f"{live}/health", timeout=2).json() == {"status": "ok"}


def test_schedule_over_http(live, staffed, patient):
    appointments.book(staffed, patient, "DR-HALE", at(9), 30)
    body = requests.get(f"{live}/schedule/DR-HALE/{DAY.isoformat()}", timeout=2).json()
    assert len(body["appointments"]) == 1
