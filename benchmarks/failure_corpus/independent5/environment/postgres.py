"""A throw-away PostgreSQL 15 cluster per night, run as the `postgres` system user.

The bootstrap superuser is `dba`, so that the role called `postgres` can be an ordinary
CI role. Password (SCRAM) authentication over TCP for every role; trust on the
cluster's Unix socket, which provisioning and the breakages use as `dba`.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import psycopg

SUPERUSER = "dba"


def binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("install the PostgreSQL server binaries (Debian postgresql)")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_postgres(*cmd: str) -> None:
    subprocess.run(
        ["runuser", "-u", "postgres", "--", *cmd], check=True, capture_output=True, timeout=120
    )


class Cluster:
    def __init__(self, root: Path, port: int | None = None) -> None:
        self.root = root
        self.data = root / "data"
        self.socket_dir = root / "sock"
        self.port = port or free_port()

    def init(self) -> Cluster:
        if self.root.exists():
            shutil.rmtree(self.root)
        self.socket_dir.mkdir(parents=True)
        shutil.chown(self.root, "postgres")
        shutil.chown(self.socket_dir, "postgres")
        _as_postgres(
            str(binaries() / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"port = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.socket_dir}'\n"
                "max_connections = 30\nfsync = off\nsynchronous_commit = off\n"
                "full_page_writes = off\nshared_buffers = 16MB\n"
            )
        return self

    def start(self) -> None:
        _as_postgres(
            str(binaries() / "pg_ctl"),
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.root / "server.log"),
            "start",
        )

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            _as_postgres(
                str(binaries() / "pg_ctl"), "-D", str(self.data), "-w", "-m", "fast", "stop"
            )

    def reload(self) -> None:
        _as_postgres(str(binaries() / "pg_ctl"), "-D", str(self.data), "reload")
        time.sleep(0.3)

    def admin(self, dbname: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        return psycopg.connect(
            host=str(self.socket_dir),
            port=self.port,
            user=SUPERUSER,
            dbname=dbname,
            autocommit=True,
        )

    def sql(self, statements: str, dbname: str = "postgres") -> None:
        """Run `;`-separated statements one by one (CREATE DATABASE needs its own)."""
        with self.admin(dbname) as conn:
            for statement in filter(None, (s.strip() for s in statements.split(";"))):
                conn.execute(statement)

    def prepend_hba(self, line: str) -> None:
        hba = self.data / "pg_hba.conf"
        hba.write_text(line + "\n" + hba.read_text())
        self.reload()

    def destroy(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)
