"""Environment breakages applied around one test run (context managers by name)."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from services import Postgres


class Context:
    """What a breakage may touch: the night's cluster, token and the job's settings."""

    def __init__(self, pg: Postgres, token: str, env: dict[str, str]) -> None:
        self.pg = pg
        self.token = token
        self.env = env


@contextlib.contextmanager
def pg_stop(ctx: Context) -> Iterator[None]:
    """The database server is down (its host was drained for patching)."""
    ctx.pg.stop()
    try:
        yield
    finally:
        ctx.pg.start()


@contextlib.contextmanager
def pg_slots_taken(ctx: Context) -> Iterator[None]:
    """A runaway reporting tool holds every connection slot, the reserved ones too."""
    held = []
    try:
        for _ in range(ctx.pg.max_connections):
            held.append(ctx.pg.connect())
        yield
    finally:
        for conn in held:
            conn.close()


@contextlib.contextmanager
def pg_app_password_rotated(ctx: Context) -> Iterator[None]:
    """The vault rotated clinic_app's password; the job still has the old one."""
    ctx.pg.execute(f"ALTER ROLE clinic_app PASSWORD 'rotated-{ctx.token[::-1]}'")
    try:
        yield
    finally:
        ctx.pg.execute(f"ALTER ROLE clinic_app PASSWORD 'app-{ctx.token}'")


@contextlib.contextmanager
def pg_superuser_password_rotated(ctx: Context) -> Iterator[None]:
    """The test cluster's postgres password was rotated; the job's PGPASSWORD is stale."""
    ctx.pg.execute(f"ALTER ROLE postgres PASSWORD 'rotated-{ctx.token[::-1]}'")
    try:
        yield
    finally:
        ctx.pg.execute(f"ALTER ROLE postgres PASSWORD 'pg-{ctx.token}'")


@contextlib.contextmanager
def appointments_locked_by_maintenance(ctx: Context) -> Iterator[None]:
    """A table rewrite (VACUUM FULL by the DBA's maintenance job) holds an exclusive lock."""
    conn = ctx.pg.connect("clinic")
    conn.autocommit = False
    with conn.cursor() as cur:
        cur.execute("LOCK TABLE appointments IN ACCESS EXCLUSIVE MODE")
    try:
        yield
    finally:
        conn.rollback()
        conn.close()


@contextlib.contextmanager
def outbox_locked_by_backup(ctx: Context) -> Iterator[None]:
    """The backup agent copies the outbox inside an exclusive SQLite transaction."""
    conn = sqlite3.connect(ctx.env["CLINIC_OUTBOX"], isolation_level=None)
    conn.execute("CREATE TABLE IF NOT EXISTS reminders (id INTEGER PRIMARY KEY, "
                 "phone TEXT NOT NULL, text TEXT NOT NULL, "
                 "state TEXT NOT NULL DEFAULT 'pending')")
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@contextlib.contextmanager
def export_volume_full(ctx: Context) -> Iterator[None]:
    """The export volume (a 256 KB tmpfs) is full of exports the records office never took."""
    path = Path(ctx.env["CLINIC_EXPORT_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)], check=True)
    subprocess.run(["dd", "if=/dev/zero", f"of={path}/untaken-exports.tar", "bs=4k"],
                   capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@contextlib.contextmanager
def api_port_held(ctx: Context) -> Iterator[None]:
    """Another job's leftover server still listens on the front-desk API's port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", int(ctx.env["CLINIC_API_PORT"])))
    sock.listen()
    try:
        yield
    finally:
        sock.close()


QUALITY_TRIGGER = """
CREATE FUNCTION dq_bounded_counters() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE created record;
BEGIN
    FOR created IN SELECT * FROM pg_event_trigger_ddl_commands()
                   WHERE command_tag = 'CREATE TABLE' LOOP
        IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = created.objid
                   AND attname = 'f2' AND NOT attisdropped) THEN
            EXECUTE format('ALTER TABLE %s ADD CONSTRAINT dq_f2_bounded CHECK (f2 < 10000)',
                           created.object_identity);
        END IF;
    END LOOP;
END $$;
CREATE EVENT TRIGGER dq_bounded_counters ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
    EXECUTE FUNCTION dq_bounded_counters();
"""


@contextlib.contextmanager
def pg_quality_event_trigger(ctx: Context) -> Iterator[None]:
    """Another team's data-quality rollout left an event trigger in the cluster's postgres
    database: every new table with an ``f2`` column gets ``CHECK (f2 < 10000)``."""
    ctx.pg.execute(QUALITY_TRIGGER)
    try:
        yield
    finally:
        ctx.pg.execute("DROP EVENT TRIGGER dq_bounded_counters; "
                       "DROP FUNCTION dq_bounded_counters()")


HOOKS = {"pg_stop": pg_stop, "pg_slots_taken": pg_slots_taken,
         "pg_app_password_rotated": pg_app_password_rotated,
         "pg_superuser_password_rotated": pg_superuser_password_rotated,
         "appointments_locked_by_maintenance": appointments_locked_by_maintenance,
         "outbox_locked_by_backup": outbox_locked_by_backup,
         "export_volume_full": export_volume_full, "api_port_held": api_port_held,
         "pg_quality_event_trigger": pg_quality_event_trigger}
