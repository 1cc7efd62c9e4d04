"""Environment breakages applied around one test run (context managers by name)."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg2
from postgres import Cluster

LIVE_PORT = 18765  # the port the shop's live-server fixture binds

LOCK_HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("CREATE TABLE IF NOT EXISTS backup_marker (taken_at TEXT)")
conn.execute("BEGIN EXCLUSIVE")
conn.execute("INSERT INTO backup_marker VALUES (datetime('now'))")
print("locked", flush=True)
time.sleep(3600)
"""

CHECK_POLICY = """
CREATE OR REPLACE FUNCTION plausible_weather() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_event_trigger_ddl_commands() WHERE object_type = 'table' LOOP
    IF EXISTS (SELECT 1 FROM information_schema.columns
               WHERE table_schema || '.' || table_name = r.object_identity
                 AND column_name = 'temperature')
       AND NOT EXISTS (SELECT 1 FROM pg_constraint
                       WHERE conname = 'plausible_temperature' AND conrelid = r.objid) THEN
      EXECUTE format('ALTER TABLE %s ADD CONSTRAINT plausible_temperature '
                     'CHECK (temperature > -5)', r.object_identity);
    END IF;
  END LOOP;
END $$;
CREATE EVENT TRIGGER plausible_weather ON ddl_command_end
  WHEN TAG IN ('CREATE TABLE', 'ALTER TABLE') EXECUTE FUNCTION plausible_weather();
"""


class Context:
    """What a breakage may touch: the night's cluster, paths and job settings."""

    def __init__(self, cluster: Cluster, workdir: Path, token: str, job_env: dict[str, str],
                 database: str | None = None, role: str | None = None) -> None:
        self.cluster = cluster
        self.workdir = workdir
        self.token = token
        self.job_env = job_env
        self.database = database
        self.role = role


@contextlib.contextmanager
def pg_stop(ctx: Context) -> Iterator[None]:
    ctx.cluster.stop()
    try:
        yield
    finally:
        ctx.cluster.start()


@contextlib.contextmanager
def pg_exhaust(ctx: Context) -> Iterator[None]:
    """A runaway batch job holds every non-reserved connection."""
    held = []
    with contextlib.suppress(psycopg2.OperationalError):  # the server's slots ran out first
        for _ in range(ctx.cluster.max_connections - 3):
            held.append(psycopg2.connect(host="127.0.0.1", port=ctx.cluster.port,
                                         user="postgres", dbname="postgres"))
    try:
        yield
    finally:
        for conn in held:
            conn.close()


@contextlib.contextmanager
def pg_rotate_dataset_password(ctx: Context) -> Iterator[None]:
    ctx.cluster.admin(f"ALTER ROLE {ctx.role} PASSWORD 'rotated-{ctx.token}'")
    yield


@contextlib.contextmanager
def pg_check_policy(ctx: Context) -> Iterator[None]:
    assert ctx.database
    ctx.cluster.admin(CHECK_POLICY, database=ctx.database)
    yield


@contextlib.contextmanager
def _sqlite_locked(path: Path) -> Iterator[None]:
    """Another process holds a write lock on the SQLite file at ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(path)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout and holder.stdout.readline().strip() == "locked"
        yield
    finally:
        holder.kill()
        holder.wait()


@contextlib.contextmanager
def lock_warehouse(ctx: Context) -> Iterator[None]:
    with _sqlite_locked(Path(ctx.job_env["INGEST_WAREHOUSE"])):
        yield


@contextlib.contextmanager
def lock_dataset_sqlite(ctx: Context) -> Iterator[None]:
    with _sqlite_locked(Path(ctx.job_env["DATABASE_URL"].split("sqlite:///", 1)[1]
                             .split("?")[0])):
        yield


@contextlib.contextmanager
def _full_volume(mountpoint: Path, size_kb: int, leave_kb: int) -> Iterator[None]:
    mountpoint.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(mountpoint)],
                   check=True)
    try:
        filler = mountpoint / ".ci-cache.bin"
        with contextlib.suppress(OSError), filler.open("wb") as handle:
            handle.write(b"\0" * ((size_kb - leave_kb) * 1024))
        if leave_kb == 0:
            with contextlib.suppress(OSError), filler.open("ab") as handle:
                while True:
                    handle.write(b"\0" * 4096)
                    handle.flush()
        yield
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)


@contextlib.contextmanager
def tmpfs_full(ctx: Context) -> Iterator[None]:
    """The shared scratch volume is full (another job's cache filled it)."""
    with _full_volume(Path(ctx.job_env["CORPUS_TMPFS"]), 256, 0):
        yield


@contextlib.contextmanager
def dataset_sqlite_on_full_volume(ctx: Context) -> Iterator[None]:
    path = Path(ctx.job_env["DATABASE_URL"].split("sqlite:///", 1)[1].split("?")[0])
    with _full_volume(path.parent, 512, 40):
        yield


@contextlib.contextmanager
def hold_live_port(ctx: Context) -> Iterator[None]:
    """Another job on the shared runner still has the live-server port open."""
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", LIVE_PORT))
    sock.listen()
    try:
        yield
    finally:
        sock.close()
        time.sleep(0.1)


HOOKS = {name: obj for name, obj in globals().items()
         if callable(obj) and not name.startswith("_") and name not in
         {"Context", "Cluster", "Iterator", "Path"} and hasattr(obj, "__wrapped__")}
assert {"pg_stop", "tmpfs_full", "hold_live_port"} <= set(HOOKS), HOOKS
_ = os
