"""APIClient against a real HTTP server running in a thread."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from qatron.api_client import APIClient


class EchoHandler(BaseHTTPRequestHandler):
    """Answers every request with what it received, as JSON."""

    protocol_version = "HTTP/1.1"

    def _echo(self) -> None:
        if self.path.startswith("/slow"):
            time.sleep(0.5)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        status = 404 if "/missing" in self.path else 200
        body = json.dumps(
            {
                "method": self.command,
                "path": self.path,
                "authorization": self.headers.get("Authorization"),
                "x_team": self.headers.get("X-Team"),
                "body": json.loads(raw) if raw else None,
            }
        ).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _echo

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output quiet."""


@pytest.fixture(scope="module")
def server_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def client(server_url: str) -> Iterator[APIClient]:
    with APIClient(f"{server_url}/api/v1") as api:
        yield api


@pytest.mark.parametrize("suffix", ["", "/"])
@pytest.mark.parametrize("path", ["users/7", "/users/7", "//users/7"])
def test_joins_base_url_and_path_whatever_the_slashes(
    server_url: str, suffix: str, path: str
) -> None:
    with APIClient(f"{server_url}/api/v1{suffix}") as api:
        response = api.get(path)
    assert response.status_code == 200
    assert response.json()["path"] == "/api/v1/users/7"


def test_empty_path_is_the_base_url(client: APIClient, server_url: str) -> None:
    assert client.url() == f"{server_url}/api/v1"
    assert client.get().json()["path"] == "/api/v1"


def test_absolute_url_is_used_as_is(client: APIClient, server_url: str) -> None:
    assert client.get(f"{server_url}/elsewhere").json()["path"] == "/elsewhere"


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_each_verb_sends_its_method(client: APIClient, method: str) -> None:
    response = getattr(client, method)("/things/1")
    assert response.json()["method"] == method.upper()


def test_json_body_and_query_parameters(client: APIClient) -> None:
    data = client.post("/users", json={"email": "a@example.test"}, params={"dry": "1"}).json()
    assert data["body"] == {"email": "a@example.test"}
    assert data["path"] == "/api/v1/users?dry=1"


def test_error_status_is_returned_not_raised(client: APIClient) -> None:
    response = client.get("/missing/1")
    assert response.status_code == 404
    assert response.json()["method"] == "GET"


def test_token_from_constructor_is_sent_as_bearer(server_url: str) -> None:
    with APIClient(server_url, token="abc123") as api:
        assert api.get("/me").json()["authorization"] == "Bearer abc123"


def test_set_token_replaces_and_clears_the_header(client: APIClient) -> None:
    assert client.get("/me").json()["authorization"] is None
    client.set_token("first")
    client.set_token("second")
    assert client.get("/me").json()["authorization"] == "Bearer second"
    client.set_token(None)
    assert client.get("/me").json()["authorization"] is None


def test_default_and_per_request_headers(server_url: str) -> None:
    with APIClient(server_url, headers={"X-Team": "payments"}) as api:
        assert api.get("/").json()["x_team"] == "payments"
        assert api.get("/", headers={"X-Team": "users"}).json()["x_team"] == "users"
        assert api.headers["X-Team"] == "payments"


def test_timeout_applies_to_requests(server_url: str) -> None:
    with APIClient(server_url, timeout=0.1) as api, pytest.raises(httpx.TimeoutException):
        api.get("/slow")


def test_closed_client_refuses_requests(server_url: str) -> None:
    api = APIClient(server_url)
    with api:
        assert api.get("/").status_code == 200
    with pytest.raises(RuntimeError):
        api.get("/")


def test_repr_names_the_base_url() -> None:
    assert repr(APIClient("http://svc:8080/")) == "APIClient('http://svc:8080')"
