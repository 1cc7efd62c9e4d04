"""postgres, sqlite and s3 services against a real PostgreSQL server and S3 endpoint."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg2
import pytest

from qatron.config import load_project
from qatron.drivers import postgres, s3
from qatron.drivers.base import LABEL_OWNER
from qatron.errors import ConfigError, InfrastructureError
from qatron.gc import project_id
from qatron.services import start_environment
from tests.fixtures.postgres import PostgresServer
from tests.projects import write_project

SCHEMA = "create table users (id integer primary key, email text not null);\n"
CHECK = ("import os, psycopg2; c = psycopg2.connect(os.environ['DB']); "
         "cur = c.cursor(); cur.execute('select count(*) from users'); "
         "print(cur.fetchone()[0])")


def databases(server: PostgresServer) -> set[str]:
    connection = psycopg2.connect(server.url("postgres").replace("+psycopg2", ""))
    try:
        with connection.cursor() as cur:
            cur.execute("select datname from pg_database where datname like 'qatron\\_%'")
            return {row[0] for row in cur.fetchall()}
    finally:
        connection.close()


def buckets(client: Any) -> set[str]:
    return {b["Name"] for b in client.list_buckets()["Buckets"]}


def project(root: Path, admin: str, endpoint: str, services: str = "") -> Path:
    return write_project(root, f"""
        project: data
        environments:
          local:
            services:
              db: {{type: postgres, server: "{admin}", schema: [db/schema.sql]}}
              cache: {{type: sqlite, schema: [db/schema.sql]}}
              files: {{type: s3, endpoint_url: "{endpoint}"}}
              app:
                command: "{{python}} -c \\"{CHECK}\\" && sleep 60"
                env: {{DB: "{{db.dsn}}", BUCKET: "{{files.bucket}}"}}
        {services}
        suites: {{all: {{}}}}
    """, {"db/schema.sql": SCHEMA})


def test_each_run_gets_its_own_database_file_and_bucket_removed_afterwards(
        tmp_path: Path, postgres_server: PostgresServer, s3_endpoint: str, s3_client: Any) -> None:
    root = project(tmp_path / "p", postgres_server.url("postgres"), s3_endpoint)
    before_db, before_buckets = databases(postgres_server), buckets(s3_client)

    first = start_environment(load_project(root), "local", tmp_path / "run1")
    second = start_environment(load_project(root), "local", tmp_path / "run2")
    try:
        one, two = first.fixture_data()["services"], second.fixture_data()["services"]
        assert one["db"]["database"] != two["db"]["database"]
        assert one["files"]["bucket"] != two["files"]["bucket"]
        assert one["cache"]["path"] != two["cache"]["path"]
        assert databases(postgres_server) - before_db == {one["db"]["database"],
                                                          two["db"]["database"]}
        s3_client.put_object(Bucket=one["files"]["bucket"], Key="a/b.txt", Body=b"x")
        tables = sqlite3.connect(one["cache"]["path"]).execute(
            "select name from sqlite_master").fetchall()
        assert tables == [("users",)]
        log = (tmp_path / "run1" / "logs" / "service-app.log").read_text()
        assert log.splitlines()[0] == "0"  # the app reached its own database, schema applied
    finally:
        first.stop()
        second.stop()
    assert databases(postgres_server) == before_db
    assert buckets(s3_client) == before_buckets
    assert not Path(one["cache"]["path"]).exists()


def test_a_bad_schema_file_is_reported_and_nothing_is_left(
        tmp_path: Path, postgres_server: PostgresServer, s3_endpoint: str, s3_client: Any) -> None:
    root = project(tmp_path / "p", postgres_server.url("postgres"), s3_endpoint)
    (root / "db" / "schema.sql").write_text("create tabel users (id int);\n")
    before_db, before_buckets = databases(postgres_server), buckets(s3_client)

    with pytest.raises(ConfigError) as caught:
        start_environment(load_project(root), "local", tmp_path / "run")

    assert str(caught.value).startswith(
        "environments.local.services.db.schema[0]: schema.sql failed to apply: ERROR:  "
        "syntax error at or near \"tabel\"")
    assert databases(postgres_server) == before_db and buckets(s3_client) == before_buckets


def test_a_missing_schema_file_names_the_key(tmp_path: Path, s3_endpoint: str) -> None:
    root = write_project(tmp_path / "p", """
        project: data
        environments: {local: {services: {cache: {type: sqlite, schema: [nope.sql]}}}}
        suites: {all: {}}
    """, {})
    with pytest.raises(ConfigError, match=r"qatron.yml: environments.local.services.cache"
                                          r".schema\[0\]: expected an SQL file; .*nope.sql "
                                          r"does not exist"):
        start_environment(load_project(root), "local", tmp_path / "run")


def test_no_postgres_server_reachable_says_what_to_do(tmp_path: Path, s3_endpoint: str,
                                                       s3_client: Any) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = write_project(tmp_path / "p", f"""
        project: data
        environments:
          local:
            services:
              files: {{type: s3, endpoint_url: "{s3_endpoint}"}}
              db: {{type: postgres, server: "postgresql://postgres:secret@127.0.0.1:{port}/postgres",
                    startup_timeout: 1, schema: []}}
        suites: {{all: {{}}}}
    """, {})
    before = buckets(s3_client)
    with pytest.raises(InfrastructureError) as caught:
        start_environment(load_project(root), "local", tmp_path / "run")
    message = str(caught.value)
    assert message.startswith(f"environments.local.services.db: no PostgreSQL server reachable "
                              f"at postgres@127.0.0.1:{port}")
    assert "secret" not in message and "start one" in message
    assert buckets(s3_client) == before  # the bucket started first was deleted


def test_no_server_configured_is_a_config_error(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(postgres.SERVER_VAR, raising=False)
    root = write_project(tmp_path / "p", """
        project: data
        environments: {local: {services: {db: {type: postgres}}}}
        suites: {all: {}}
    """, {})
    with pytest.raises(ConfigError, match=r"environments.local.services.db.server: no "
                                          r"PostgreSQL server given; .*QATRON_POSTGRES_URL"):
        start_environment(load_project(root), "local", tmp_path / "run")


def test_no_s3_endpoint_reachable(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    root = write_project(tmp_path / "p", f"""
        project: data
        environments:
          local: {{services: {{files: {{type: s3, endpoint_url: "http://127.0.0.1:{port}",
                                        startup_timeout: 1}}}}}}
        suites: {{all: {{}}}}
    """, {})
    with pytest.raises(InfrastructureError, match=rf"environments.local.services.files: no S3 "
                                                  rf"endpoint reachable at http://127.0.0.1:{port}"):
        start_environment(load_project(root), "local", tmp_path / "run")


def test_gc_finds_what_a_crashed_run_left_behind(
        tmp_path: Path, postgres_server: PostgresServer, s3_endpoint: str, s3_client: Any) -> None:
    root = project(tmp_path / "p", postgres_server.url("postgres"), s3_endpoint)
    script = (f"import sys, os; sys.path.insert(0, {str(Path.cwd())!r}); "
              f"from qatron.config import load_project; "
              f"from qatron.services import start_environment; "
              f"env = start_environment(load_project({str(root)!r}), 'local', "
              f"__import__('pathlib').Path({str(tmp_path / 'crashed')!r})); "
              f"print(env.services['db'].values['database'], env.services['files'].values["
              f"'bucket'], flush=True); os._exit(9)")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          timeout=120, env={**os.environ, "PYTHONPATH": str(Path.cwd())})
    assert done.returncode == 9, done.stderr
    database, bucket = done.stdout.split()
    assert database in databases(postgres_server) and bucket in buckets(s3_client)

    endpoint = s3.Endpoint(endpoint_url=s3_endpoint, region="us-east-1")
    other = project_id(tmp_path / "another")
    assert not {o.name for o in [*postgres.find_orphans(postgres_server.url("postgres"),
                                                        project=other),
                                 *s3.find_orphans(endpoint, project=other)]} & {database, bucket}
    orphans = [*postgres.find_orphans(postgres_server.url("postgres"), project=project_id(root)),
               *s3.find_orphans(endpoint, project=project_id(root))]
    assert {(o.kind, o.name) for o in orphans} >= {("database", database), ("bucket", bucket)}
    assert all(o.owner.endswith(f":{o.owner.rsplit(':', 1)[1]}") for o in orphans)
    for orphan in orphans:
        orphan.remove()
    assert database not in databases(postgres_server) and bucket not in buckets(s3_client)


def test_live_runs_are_not_orphans(tmp_path: Path, postgres_server: PostgresServer,
                                   s3_endpoint: str) -> None:
    root = project(tmp_path / "p", postgres_server.url("postgres"), s3_endpoint)
    env = start_environment(load_project(root), "local", tmp_path / "run")
    try:
        names = {o.name for o in postgres.find_orphans(postgres_server.url("postgres"))}
        assert env.services["db"].values["database"] not in names
        labels = postgres.find_orphans(postgres_server.url("postgres"), everything=True)
        mine = [o for o in labels if o.name == env.services["db"].values["database"]]
        assert mine and mine[0].owner.endswith(f":{os.getpid()}")
        assert LABEL_OWNER == "qatron.owner"
    finally:
        env.stop()
