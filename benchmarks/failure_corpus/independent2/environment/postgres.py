"""A throwaway PostgreSQL cluster (initdb + pg_ctl) for one night of the corpus."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg2


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Cluster:
    """A cluster in /tmp; the postgres superuser trusted, application roles by password."""

    def __init__(self, max_connections: int = 30) -> None:
        found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
        if not found:
            raise RuntimeError("install PostgreSQL server binaries (apt-get install postgresql)")
        self.bindir = found[-1].parent
        self.root = Path(tempfile.mkdtemp(prefix="corpus2-pg-", dir="/tmp"))
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
            (self.data / "pg_hba.conf").write_text(
                "local all all trust\nhost all postgres 127.0.0.1/32 trust\n"
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

    def admin(self, statement: str, database: str = "postgres", user: str = "postgres") -> None:
        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres",
                                dbname=database)
        conn.autocommit = True
        try:
            with conn.cursor() as cur:
                if user != "postgres":
                    cur.execute(f"SET ROLE {user}")
                cur.execute(statement)
        finally:
            conn.close()
