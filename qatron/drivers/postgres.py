"""``type: postgres``: a database of the run's own on a PostgreSQL server, dropped afterwards.

The server is given by an admin URL (a role allowed to create databases):
``server:`` in qatron.yml or ``$QATRON_POSTGRES_URL``. The database is named
``qatron_<run tag>_<service>`` and carries its labels (owner and project
included) as a JSON comment, so that ``qatron env gc`` (and the project's next
run) can drop it if the run crashed.
Schema files are applied in order, each in one transaction.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from qatron.config import PostgresService
from qatron.drivers.base import LABEL_OWNER, Orphan, StartContext, Started
from qatron.errors import ConfigError, InfrastructureError
from qatron.gc import owned_labels, swept
from qatron.redaction import redact

SERVER_VAR = "QATRON_POSTGRES_URL"


@dataclass
class Server:
    """Connection settings of a PostgreSQL server, from a URL."""

    host: str
    port: int
    user: str
    password: str | None
    database: str

    @classmethod
    def parse(cls, url: str, key: str) -> Server:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            parsed = make_url(url)
        except ArgumentError:
            raise ConfigError(f"{key}: expected a PostgreSQL URL like postgresql://user:"
                              f"password@host:5432/postgres; got {redact(url)!r}") from None
        if not parsed.drivername.startswith("postgresql"):
            raise ConfigError(f"{key}: expected a postgresql:// URL; got {parsed.drivername}://…")
        return cls(host=parsed.host or "127.0.0.1", port=parsed.port or 5432,
                   user=parsed.username or "postgres", password=parsed.password,
                   database=parsed.database or "postgres")

    def connect(self, database: str | None = None, timeout: float = 5) -> Any:
        import psycopg2

        return psycopg2.connect(host=self.host, port=self.port, user=self.user,
                                password=self.password, dbname=database or self.database,
                                connect_timeout=max(1, int(timeout)))

    def url(self, database: str, driver: str = "postgresql+psycopg2") -> str:
        from sqlalchemy.engine import URL

        return URL.create(driver, username=self.user, password=self.password, host=self.host,
                          port=self.port, database=database).render_as_string(hide_password=False)

    @property
    def shown(self) -> str:
        """The server without its password, for messages."""
        return f"{self.user}@{self.host}:{self.port}"


@dataclass
class RunningDatabase(Started):
    name: str
    log_path: Path
    server: Server
    database: str
    dropped: bool = False

    @property
    def values(self) -> dict[str, object]:
        return {"url": self.server.url(self.database), "host": self.server.host,
                "port": self.server.port, "database": self.database, "user": self.server.user,
                "password": self.server.password or "",
                "dsn": self.server.url(self.database, "postgresql")}

    def stop(self) -> None:
        if not self.dropped:
            drop_database(self.server, self.database)
            self.dropped = True


def server_of(spec: PostgresService, ctx: StartContext) -> Server:
    """The admin server of the spec (``server:`` or ``$QATRON_POSTGRES_URL``)."""
    key = f"{ctx.key}.server"
    raw = spec.server or os.environ.get(SERVER_VAR)
    if not raw:
        raise ConfigError(f"{ctx.project.path}: {key}: no PostgreSQL server given; set it to an "
                          f"admin URL (postgresql://user:password@host:5432/postgres) or set "
                          f"${SERVER_VAR}")
    return Server.parse(ctx.fill(raw, key) or "", f"{ctx.project.path}: {key}")


def start_postgres(spec: PostgresService, ctx: StartContext) -> RunningDatabase:
    """Create the run's database, label it and apply the schema files."""
    server = server_of(spec, ctx)
    files = [_schema_file(ctx, i, name) for i, name in enumerate(spec.schema_files)]
    database = ctx.resource_name(separator="_")
    admin = _connect(server, spec.startup_timeout, ctx)
    try:
        admin.autocommit = True
        with admin.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{database}"')
            cur.execute(f'COMMENT ON DATABASE "{database}" IS %s', (json.dumps(owned_labels(ctx)),))
    finally:
        admin.close()
    running = RunningDatabase(name=ctx.service, log_path=ctx.log_path, server=server,
                              database=database)
    ctx.log(f"created database {database} on {server.shown}")
    try:
        for index, path in enumerate(files):
            _apply(server, database, path, f"{ctx.key}.schema[{index}]")
            ctx.log(f"applied {path}")
    except BaseException:
        running.stop()
        raise
    return running


def _schema_file(ctx: StartContext, index: int, name: str) -> Path:
    path = (ctx.project.root / name).resolve()
    if not path.is_file():
        raise ConfigError(f"{ctx.project.path}: {ctx.key}.schema[{index}]: expected an SQL file; "
                          f"{path} does not exist")
    return path


def _connect(server: Server, timeout: float, ctx: StartContext) -> Any:
    """An admin connection, retried until ``timeout`` (the server may be starting)."""
    import psycopg2

    deadline = time.monotonic() + timeout
    while True:
        try:
            return server.connect(timeout=min(5.0, timeout))
        except psycopg2.OperationalError as exc:
            if time.monotonic() > deadline or "authentication" in str(exc):
                reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "no answer"
                raise InfrastructureError(
                    f"{ctx.key}: no PostgreSQL server reachable at {server.shown} ({reason}); "
                    f"start one, or point `server:` / ${SERVER_VAR} at a running server") from None
            time.sleep(0.5)


def _apply(server: Server, database: str, path: Path, key: str) -> None:
    import psycopg2

    connection = server.connect(database)
    try:
        with connection, connection.cursor() as cur:
            cur.execute(path.read_text(encoding="utf-8"))
    except psycopg2.Error as exc:
        detail = (exc.pgerror or str(exc)).strip().replace("\n", " ")
        raise ConfigError(f"{key}: {path.name} failed to apply: {detail}") from None
    finally:
        connection.close()


def drop_database(server: Server, database: str) -> None:
    """Drop ``database``, closing its open connections (PostgreSQL 13+)."""
    connection = server.connect()
    try:
        connection.autocommit = True
        with connection.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
    finally:
        connection.close()


def find_orphans(url: str, *, project: str | None = None,
                 everything: bool = False) -> list[Orphan]:
    """Databases on the server at ``url`` left by runs whose process is gone (or all QAtron's).

    With ``project`` (a :func:`qatron.gc.project_id`), only that project's.
    """
    server = Server.parse(url, "server")
    connection = server.connect()
    try:
        with connection.cursor() as cur:
            cur.execute("SELECT d.datname, shobj_description(d.oid, 'pg_database') "
                        "FROM pg_database d WHERE d.datname LIKE 'qatron\\_%'")
            rows = cur.fetchall()
    finally:
        connection.close()
    found = []
    for name, comment in rows:
        try:
            labels = json.loads(comment or "{}")
        except ValueError:
            continue
        if isinstance(labels, dict) and swept(labels, project, everything):
            found.append(Orphan("database", name, labels.get(LABEL_OWNER, ""), server.shown,
                                partial(drop_database, server, name)))
    return found
