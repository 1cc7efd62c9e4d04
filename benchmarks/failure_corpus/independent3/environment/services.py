"""The staging services of a night: a Redis server, an S3 API (moto_server), the stub."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
MOTO_SERVER = Path(sys.executable).parent / "moto_server"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_port(port: int, what: str, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while True:
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not start on port {port}")
        time.sleep(0.05)


class RedisServer:
    """A throw-away redis-server without persistence, on a free port."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.workdir), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL)
        wait_port(self.port, "redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait()
            self.process = None

    def cli(self, *args: str, password: str | None = None) -> str:
        command = ["redis-cli", "-p", str(self.port)]
        if password:
            command += ["--no-auth-warning", "-a", password]
        done = subprocess.run([*command, *args], capture_output=True, text=True, check=True)
        return done.stdout.strip()


@contextlib.contextmanager
def moto(workdir: Path) -> Iterator[int]:
    """An S3 API served by moto_server on a free port."""
    port = free_port()
    log = (workdir / "moto.log").open("wb")
    process = subprocess.Popen([str(MOTO_SERVER), "-p", str(port)], stdout=log, stderr=log)
    try:
        wait_port(port, "moto_server", 60)
        yield port
    finally:
        process.terminate()
        process.wait()
        log.close()


@contextlib.contextmanager
def supplier_stub(workdir: Path, config: dict) -> Iterator[int]:
    """The supplier stub with ``config`` (see supplier_stub.py); yields its port."""
    cfg = workdir / f"stub-{uuid.uuid4().hex[:6]}.json"
    cfg.write_text(json.dumps(config))
    port_file = cfg.with_suffix(".port")
    process = subprocess.Popen([sys.executable, str(HERE / "supplier_stub.py"), str(cfg),
                                str(port_file)])
    try:
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text()):
            if time.monotonic() > deadline:
                raise RuntimeError("the supplier stub did not start")
            time.sleep(0.05)
        yield int(port_file.read_text())
    finally:
        process.terminate()
        process.wait()
