"""A throwaway PostgreSQL cluster for one night of the corpus."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg2


def find_bindir() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL server binaries not found (apt-get install postgresql)")
    return found[-1].parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Cluster:
    """initdb + pg_ctl in a temporary directory; password auth for app roles."""

    def __init__(self, max_connections: int = 40) -> None:
        self.bindir = find_bindir()
        self.root = Path(tempfile.mkdtemp(prefix="corpus-pg-", dir="/tmp"))
        self.data = self.root / "data"
        self.port = free_port()
        self.max_connections = max_connections

    def _run(self, *args: str) -> None:
        command = [str(self.bindir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, cwd=self.root, check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        if not self.data.exists():
            self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                      "--no-sync", "-E", "UTF8", "--no-locale")
            hba = self.data / "pg_hba.conf"
            hba.write_text("local all all trust\n"
                           "host all postgres 127.0.0.1/32 trust\n"
                           "host all all 127.0.0.1/32 scram-sha-256\n")
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} "
                   f"-c unix_socket_directories={self.root} -c fsync=off "
                   f"-c max_connections={self.max_connections} "
                   "-c superuser_reserved_connections=3")
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

    def admin(self, statement: str, database: str = "postgres") -> None:
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                dbname=database)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                cur.execute(statement)
        finally:
            conn.close()

    def create_app_database(self, name: str, role: str, password: str) -> str:
        """A database owned by a password-authenticated role; returns its URL."""
        self.admin(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
        self.admin(f"CREATE DATABASE {name} OWNER {role}")
        return self.url(name, role, password)

    def url(self, name: str, role: str, password: str) -> str:
        return f"postgresql+psycopg2://{role}:{password}@127.0.0.1:{self.port}/{name}"
