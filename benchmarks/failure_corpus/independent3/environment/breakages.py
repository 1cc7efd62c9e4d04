"""Environment breakages applied around one test run (context managers by name)."""

from __future__ import annotations

import contextlib
import socket
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

from services import RedisServer


class Context:
    """What a breakage may touch: the night's Redis server, token and the job's settings."""

    def __init__(self, redis: RedisServer, token: str, env: dict[str, str]) -> None:
        self.redis = redis
        self.token = token
        self.env = env


@contextlib.contextmanager
def redis_stop(ctx: Context) -> Iterator[None]:
    """The Redis server is down (the node was drained for a kernel update)."""
    ctx.redis.stop()
    try:
        yield
    finally:
        ctx.redis.start()


@contextlib.contextmanager
def redis_max_clients(ctx: Context) -> Iterator[None]:
    """A leaking worker fleet holds every client slot the server allows."""
    held = socket.create_connection(("127.0.0.1", ctx.redis.port))
    held.sendall(b"PING\r\n")
    held.recv(64)
    ctx.redis.cli("CONFIG", "SET", "maxclients", "1")
    try:
        yield
    finally:
        held.close()
        ctx.redis.cli("CONFIG", "SET", "maxclients", "10000")


@contextlib.contextmanager
def redis_requirepass(ctx: Context) -> Iterator[None]:
    """Security hardening turned on AUTH; the job's Redis URL has no password."""
    secret = f"hardened-{ctx.token[::-1]}"
    ctx.redis.cli("CONFIG", "SET", "requirepass", secret)
    try:
        yield
    finally:
        ctx.redis.cli("CONFIG", "SET", "requirepass", "", password=secret)


@contextlib.contextmanager
def redis_maxmemory(ctx: Context) -> Iterator[None]:
    """The shared Redis node ran out of its memory budget (noeviction policy)."""
    ctx.redis.cli("CONFIG", "SET", "maxmemory-policy", "noeviction")
    ctx.redis.cli("CONFIG", "SET", "maxmemory", "1")
    try:
        yield
    finally:
        ctx.redis.cli("CONFIG", "SET", "maxmemory", "0")


@contextlib.contextmanager
def sqlite_exclusive_lock(ctx: Context) -> Iterator[None]:
    """A long-running data fix holds an exclusive write lock on the ledger database."""
    conn = sqlite3.connect(ctx.env["LEDGER_DATABASE"], isolation_level=None)
    conn.execute("BEGIN EXCLUSIVE")
    try:
        yield
    finally:
        conn.execute("ROLLBACK")
        conn.close()


@contextlib.contextmanager
def database_volume_read_only(ctx: Context) -> Iterator[None]:
    """The database volume was remounted read-only after I/O errors."""
    folder = str(Path(ctx.env["LEDGER_DATABASE"]).parent)
    subprocess.run(["mount", "--bind", folder, folder], check=True)
    subprocess.run(["mount", "-o", "remount,ro,bind", folder], check=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", folder], check=True)


@contextlib.contextmanager
def spool_volume_full(ctx: Context) -> Iterator[None]:
    """The snapshot spool volume (a 256 KB tmpfs) is full of snapshots nobody uploaded."""
    path = Path(ctx.env["LEDGER_SPOOL_DIR"])
    path.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(path)], check=True)
    subprocess.run(["dd", "if=/dev/zero", f"of={path}/unsent-snapshots.tar", "bs=4k"],
                   capture_output=True)
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], check=True)


HOOKS = {"redis_stop": redis_stop, "redis_max_clients": redis_max_clients,
         "redis_requirepass": redis_requirepass, "redis_maxmemory": redis_maxmemory,
         "sqlite_exclusive_lock": sqlite_exclusive_lock,
         "database_volume_read_only": database_volume_read_only,
         "spool_volume_full": spool_volume_full}
