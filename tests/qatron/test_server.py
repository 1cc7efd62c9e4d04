"""LocalServer without starting a real Prefect server (other tests do that)."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from qatron.errors import InfrastructureError
from qatron.processes import free_port
from qatron.server import LocalServer
from tests.projects import processes_with


@pytest.fixture
def plain_listener() -> Iterator[int]:
    """A TCP server that accepts connections and closes them at once."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                connection, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


class NotPrefect(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        body = b'{"status": "ok"}'  # a health endpoint, but not Prefect's bare `true`
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def other_http_server() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), NotPrefect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_default_reads_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("QATRON_HOME", str(tmp_path))
    monkeypatch.setenv("QATRON_SERVER_PORT", "4711")
    server = LocalServer.default()
    assert server == LocalServer(home=tmp_path / "server", port=4711)
    assert server.api_url == "http://127.0.0.1:4711/api"
    assert server.ui_url == "http://127.0.0.1:4711"
    assert server.pid_file == tmp_path / "server" / "server.pid"
    assert server.log_file == tmp_path / "server" / "server.log"


def test_port_taken_by_a_plain_listener(tmp_path: Path, plain_listener: int) -> None:
    server = LocalServer(home=tmp_path / "server", port=plain_listener)
    assert not server.healthy()
    started = time.monotonic()
    with pytest.raises(InfrastructureError) as info:
        server.start(timeout=5)
    assert time.monotonic() - started < 5
    message = str(info.value)
    assert f"port {plain_listener} is in use by a program that is not a Prefect server" in message
    assert "QATRON_SERVER_PORT" in message
    assert info.value.exit_code == 5
    assert not server.pid_file.exists()  # nothing was spawned


def test_port_taken_by_another_http_server(tmp_path: Path, other_http_server: int) -> None:
    server = LocalServer(home=tmp_path / "server", port=other_http_server)
    assert not server.healthy()
    with pytest.raises(InfrastructureError, match=f"port {other_http_server} is in use"):
        server.start(timeout=5)
    assert not server.pid_file.exists()


def test_stop_when_nothing_runs(tmp_path: Path) -> None:
    server = LocalServer(home=tmp_path / "server", port=free_port())
    assert server.pid() is None
    assert server.stop() is False


def test_stop_with_a_stale_pid_file(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"], start_new_session=True)
    gone.wait()
    server = LocalServer(home=tmp_path, port=free_port())
    server.pid_file.write_text(str(gone.pid))
    assert server.pid() is None
    assert server.stop() is False
    assert not server.pid_file.exists()


def test_stop_ends_the_process_group_it_recorded(tmp_path: Path) -> None:
    # As after an earlier `qatron run`: the server is not our child, it leads its own group.
    marker = f"qatron-server-test-{uuid.uuid4().hex[:12]}"
    launcher = (
        "import subprocess, sys; "
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)', sys.argv[1]], "
        "start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "print(p.pid)"
    )
    pid = int(subprocess.run([sys.executable, "-c", launcher, marker], capture_output=True,
                             text=True, check=True).stdout)
    server = LocalServer(home=tmp_path, port=free_port())
    server.pid_file.write_text(str(pid))
    try:
        assert server.pid() == pid
        assert server.stop(timeout=5) is True
        assert processes_with(marker) == []
        assert not server.pid_file.exists()
    finally:
        for leftover in processes_with(marker):
            subprocess.run(["kill", "-9", str(leftover)], check=False)
