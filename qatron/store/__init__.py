"""QAtron's results store: runs, shards and per-test results, and their history.

::

    store = ResultsStore(default_database_url(project_dir))   # migrates on open
    run_id = store.create_run("shop", "smoke", "staging", branch="main")
    store.set_status(run_id, RunStatus.RUNNING)
    store.save_shard(run_id, shard_result)     # thread-safe; upserts by shard index
    store.set_status(run_id, RunStatus.COMPLETED)
    summary = store.load_summary(run_id)       # qatron.models.RunSummary

Any SQLAlchemy URL works (SQLite and PostgreSQL are tested). A database that
can't be reached or migrated raises :class:`StoreError`.
"""

from __future__ import annotations

import os
from pathlib import Path

from qatron.errors import StoreError
from qatron.store.records import RunRecord
from qatron.store.store import ResultsStore

__all__ = ["ResultsStore", "RunRecord", "StoreError", "default_database_url"]


def default_database_url(project_dir: Path) -> str:
    """``$QATRON_DATABASE_URL`` if set, else SQLite at ``<project_dir>/.qatron/results.db``."""
    configured = os.environ.get("QATRON_DATABASE_URL", "").strip()
    if configured:
        return configured
    return f"sqlite:///{Path(project_dir).resolve() / '.qatron' / 'results.db'}"
