"""Environment breakages applied around one test run (context managers by name)."""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path

import psycopg2
from postgres import Cluster


class Context:
    """What a breakage may touch: the night's cluster, the job's role and settings."""

    def __init__(self, cluster: Cluster, role: str, token: str, env: dict[str, str]) -> None:
        self.cluster = cluster
        self.role = role
        self.token = token
        self.env = env


@contextlib.contextmanager
def pg_stop(ctx: Context) -> Iterator[None]:
    """The database server is down for maintenance."""
    ctx.cluster.stop()
    try:
        yield
    finally:
        ctx.cluster.start()


@contextlib.contextmanager
def pg_exhaust(ctx: Context) -> Iterator[None]:
    """A runaway reporting job holds every connection slot open to ordinary roles."""
    held = []
    with contextlib.suppress(psycopg2.OperationalError):
        for _ in range(ctx.cluster.max_connections):
            held.append(psycopg2.connect(host="127.0.0.1", port=ctx.cluster.port,
                                         user="postgres", dbname="postgres"))
    try:
        yield
    finally:
        for conn in held:
            conn.close()


@contextlib.contextmanager
def rotate_password(ctx: Context) -> Iterator[None]:
    """The secret store rotated the role's password; the job still has the old one."""
    ctx.cluster.admin(f"ALTER ROLE {ctx.role} PASSWORD 'rotated-{ctx.token[::-1]}'")
    try:
        yield
    finally:
        ctx.cluster.admin(f"ALTER ROLE {ctx.role} PASSWORD '{ctx.token}'")


def _mount(path: Path, options: str) -> None:
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], check=True)


@contextlib.contextmanager
def export_volume_full(ctx: Context) -> Iterator[None]:
    """The export volume (a small tmpfs) was filled by old exports nobody rotated."""
    path = Path(ctx.env["BOOKINGS_EXPORT_DIR"])
    _mount(path, "size=256k")
    subprocess.run(["dd", "if=/dev/zero", f"of={path}/stale-exports.tar", "bs=4k"],
                   capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


@contextlib.contextmanager
def cache_volume_read_only(ctx: Context) -> Iterator[None]:
    """The cache volume came back read-only after a storage fault."""
    path = Path(ctx.env["BOOKINGS_CACHE_DIR"])
    _mount(path, "size=1m,ro")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


HOOKS = {"pg_stop": pg_stop, "pg_exhaust": pg_exhaust, "rotate_password": rotate_password,
         "export_volume_full": export_volume_full,
         "cache_volume_read_only": cache_volume_read_only}
