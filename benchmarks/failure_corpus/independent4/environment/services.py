"""The staging services of a night: a PostgreSQL cluster and the partner stub."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg2

HERE = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Postgres:
    """A throw-away cluster under ``root``: the superuser trusted on the Unix socket only,
    every role (the superuser too) by SCRAM password over TCP."""

    def __init__(self, max_connections: int = 20) -> None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            raise RuntimeError("install the PostgreSQL server binaries (Debian postgresql)")
        self.bindir = found[-1].parent
        self.root = Path(tempfile.mkdtemp(prefix="corpus4-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.port = free_port()
        self.max_connections = max_connections

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, cwd=self.root, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if not self.data.exists():
            if os.geteuid() == 0:
                shutil.chown(self.root, "postgres", "postgres")
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                      "--no-sync", "-E", "UTF8", "--no-locale")
            (self.data / "pg_hba.conf").write_text(
                "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                   f"-c unix_socket_directories={self.root} -c fsync=off "
                   f"-c max_connections={self.max_connections} "
                   "-c superuser_reserved_connections=2")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"), "-o", options,
                  "-w", "start")

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def destroy(self) -> None:
        try:
            self.stop()
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def connect(self, database: str = "postgres") -> psycopg2.extensions.connection:
        """A superuser connection over the Unix socket (the DBA's)."""
        conn = psycopg2.connect(host=str(self.root), port=self.port, user="postgres",
                                dbname=database)
        conn.autocommit = True
        return conn

    def execute(self, statement: str, database: str = "postgres") -> None:
        conn = self.connect(database)
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
        finally:
            conn.close()


@contextlib.contextmanager
def partner_stub(workdir: Path, config: dict) -> Iterator[int]:
    """The partner stub with ``config`` (see partner_stub.py); yields its port."""
    cfg = workdir / f"stub-{uuid.uuid4().hex[:6]}.json"
    cfg.write_text(json.dumps(config))
    port_file = cfg.with_suffix(".port")
    process = subprocess.Popen([sys.executable, str(HERE / "partner_stub.py"), str(cfg),
                                str(port_file)])
    try:
        deadline = time.monotonic() + 20
        while not (port_file.exists() and port_file.read_text()):
            if time.monotonic() > deadline:
                raise RuntimeError("the partner stub did not start")
            time.sleep(0.05)
        yield int(port_file.read_text())
    finally:
        process.terminate()
        process.wait()
