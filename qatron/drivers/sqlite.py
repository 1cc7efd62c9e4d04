"""``type: sqlite``: a database file in the run's folder, with schema files applied."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from qatron.config import SqliteService
from qatron.drivers.base import StartContext, Started
from qatron.errors import ConfigError


@dataclass
class RunningSqlite(Started):
    name: str
    log_path: Path
    path: Path

    @property
    def values(self) -> dict[str, object]:
        return {"url": f"sqlite:///{self.path}", "path": str(self.path)}

    def stop(self) -> None:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def start_sqlite(spec: SqliteService, ctx: StartContext) -> RunningSqlite:
    """Create ``<run dir>/<service>.db`` and apply the schema files in order."""
    path = ctx.run_dir / f"{ctx.service}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    running = RunningSqlite(name=ctx.service, log_path=ctx.log_path, path=path)
    running.stop()  # a file left by an earlier attempt of this run
    try:
        for index, name in enumerate(spec.schema_files):
            key = f"{ctx.key}.schema[{index}]"
            file = (ctx.project.root / name).resolve()
            if not file.is_file():
                raise ConfigError(f"{ctx.project.path}: {key}: expected an SQL file; "
                                  f"{file} does not exist")
            connection = sqlite3.connect(path)
            try:
                connection.executescript(file.read_text(encoding="utf-8"))
            except sqlite3.Error as exc:
                raise ConfigError(f"{key}: {file.name} failed to apply: {exc}") from None
            finally:
                connection.close()
            ctx.log(f"applied {file}")
        sqlite3.connect(path).close()
    except BaseException:
        running.stop()
        raise
    return running
