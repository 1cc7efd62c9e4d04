from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator

import pytest

from parcelhub.config import Settings
from parcelhub.status import StatusServer


@pytest.fixture
def server(settings: Settings) -> Iterator[StatusServer]:
    srv = StatusServer(settings.status_port, {"parcels": 12, "late": 1})
    srv.start()
    yield srv
    srv.stop()


def _get(port: int, path: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_health(server: StatusServer, settings: Settings) -> None:
    status, body = _get(settings.status_port, "/health")
    assert status == 200 and json.loads(body) == {"status": "ok", "parcels": 12, "late": 1}


def test_unknown_path(server: StatusServer, settings: Settings) -> None:
    assert _get(settings.status_port, "/metrics")[0] == 404


def test_counters_are_live(server: StatusServer, settings: Settings) -> None:
    server.counters["late"] = 3
    assert json.loads(_get(settings.status_port, "/health")[1])["late"] == 3
